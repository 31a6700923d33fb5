import type { PrefectureHarness } from './prefecture-harness.js';

/** A valid createProject input of the harness's prefecture; override any field. */
export function projectInput(code: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    prefectureCode: code,
    name: '陆良 20万吨绿色铝精深加工项目',
    eventKind: 'SOUTH_ASIA_EXPO',
    eventName: '第6届南博会',
    signedOn: '2018-06-15',
    signingLevel: 'PROVINCIAL_MAJOR_EVENT',
    industry: '绿色铝',
    county: '陆良县',
    investorName: '广东某铝业集团有限公司',
    investorCreditCode: '91440101MA5CXXXX1A'.replace(/X/g, '0'),
    investorOrigin: '广东',
    agreedInvestment: '1200000000.00',
    plannedStartOn: '2018-09-01',
    ...overrides,
  };
}

const PROJECT_FIELDS = `
  id prefectureCode name stage version signedOn cohortYear signingLevel eventKind industry county
  investorName agreedInvestment fundsInPlace investmentCompleted actualStartOn actualProductionOn
  actualCapacityOn nationalCode investorCreditCode updatedAt
`;

export const CREATE_PROJECT = `mutation Create($input: CreateProjectInput!) { createProject(input: $input) { ${PROJECT_FIELDS} } }`;
export const UPDATE_PROJECT = `mutation Update($input: UpdateProjectInput!) { updateProject(input: $input) { ${PROJECT_FIELDS} } }`;
export const CHANGE_STAGE = `mutation Stage($input: ChangeProjectStageInput!) { changeProjectStage(input: $input) { ${PROJECT_FIELDS} } }`;

export async function createProject(harness: PrefectureHarness, overrides: Record<string, unknown> = {}) {
  const result = await harness.execute(CREATE_PROJECT, { input: projectInput(harness.code, overrides) });
  if (result.errors) throw new Error(`createProject failed: ${JSON.stringify(result.errors)}`);
  return result.data!.createProject as Record<string, any>;
}

/** Row counts of every table: "nothing was written" means this did not change. */
export async function tableCounts(harness: PrefectureHarness): Promise<Record<string, number>> {
  const tables = ['project', 'progress_report', 'funding_record', 'obstacle', 'supervision_record', 'project_event'];
  const counts: Record<string, number> = {};
  const connection = harness.orm.em.getConnection();
  for (const table of tables) {
    const [row] = await connection.execute<{ n: number | string }[]>(`select count(*) as n from ${table}`);
    counts[table] = Number(row.n);
  }
  return counts;
}

/** The whole project row as stored, to show a refused write changed nothing. */
export async function storedProject(harness: PrefectureHarness, id: string): Promise<Record<string, unknown>> {
  const [row] = await harness.orm.em.getConnection().execute(`select * from project where id = ?`, [id]);
  return row as Record<string, unknown>;
}

export function errorCodes(result: { errors?: { extensions?: Record<string, any> }[] }): string[] {
  return (result.errors ?? []).map((error) => error.extensions?.code);
}
