/** Operations more than one benchmark sends. */

/** Every count and sum of `projectStats`: what a dashboard's overview asks. */
export const PROJECT_STATS_QUERY = `query Stats($filter: ProjectFilter) {
  projectStats(filter: $filter) {
    total signed withRegisteredCompany agreedInvestment fundsInPlace investmentCompleted
    byStage { negotiating signed preparing underConstruction partiallyProducing operating atCapacity terminated }
  }
}`;
