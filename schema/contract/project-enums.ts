/** Enumerations of the prefecture contract besides the lifecycle (docs/domain.md, "Projects"). */

/** Where the deal was signed. */
export enum EventKind {
  /** 南博会 China–South Asia Expo */
  SOUTH_ASIA_EXPO = 'SOUTH_ASIA_EXPO',
  /** 洽商会 Kunming investment and trade fair */
  INVESTMENT_FAIR = 'INVESTMENT_FAIR',
  /** 省领导率团 delegation led by a provincial leader */
  LEADER_DELEGATION = 'LEADER_DELEGATION',
  OTHER = 'OTHER',
}

export enum AgreementType {
  FRAMEWORK = 'FRAMEWORK',
  FORMAL = 'FORMAL',
}

/** Which list a project is followed on; it decides the cohort the seed's figures speak about. */
export enum SigningLevel {
  /** 省级重大招商活动签约项目 */
  PROVINCIAL_MAJOR_EVENT = 'PROVINCIAL_MAJOR_EVENT',
  /** 省级重大招商引资项目 ("四个一" mechanism) */
  PROVINCIAL_MAJOR_PROJECT = 'PROVINCIAL_MAJOR_PROJECT',
  /** 州市 / 县区 level */
  PREFECTURE = 'PREFECTURE',
}

/** 要素保障 obstacle categories named in the seed. */
export enum ObstacleCategory {
  INDUSTRY_PLANNING_SITING = 'INDUSTRY_PLANNING_SITING',
  ENVIRONMENTAL_ASSESSMENT = 'ENVIRONMENTAL_ASSESSMENT',
  FINANCING = 'FINANCING',
  LAND_QUOTA = 'LAND_QUOTA',
  FOREST_LAND_QUOTA = 'FOREST_LAND_QUOTA',
  ENERGY_QUOTA = 'ENERGY_QUOTA',
  POLICY_NOT_DELIVERED = 'POLICY_NOT_DELIVERED',
  INVESTOR_SIDE = 'INVESTOR_SIDE',
  OTHER = 'OTHER',
}

export enum EscalationLevel {
  COUNTY = 'COUNTY',
  PREFECTURE = 'PREFECTURE',
  PROVINCE = 'PROVINCE',
}

/** 日常 / 定期 / 专项 督导 */
export enum SupervisionKind {
  ROUTINE = 'ROUTINE',
  PERIODIC = 'PERIODIC',
  SPECIAL = 'SPECIAL',
}

export enum SupervisionMethod {
  MEETING = 'MEETING',
  WRITTEN_ORDER = 'WRITTEN_ORDER',
  SITE_VISIT = 'SITE_VISIT',
}

export enum ProjectEventKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  STAGE_CHANGED = 'STAGE_CHANGED',
  PROGRESS_REPORTED = 'PROGRESS_REPORTED',
  FUNDING_RECORDED = 'FUNDING_RECORDED',
  OBSTACLE_RAISED = 'OBSTACLE_RAISED',
  OBSTACLE_RESOLVED = 'OBSTACLE_RESOLVED',
  SUPERVISION_RECORDED = 'SUPERVISION_RECORDED',
  /** 作废: entered by mistake; the project leaves every list, count and rate until restored. */
  VOIDED = 'VOIDED',
  RESTORED = 'RESTORED',
}

/** Actual milestone dates a project's stage implies (docs/domain.md, "Milestones on entry"). */
export enum Milestone {
  /** actualStartOn, implied by UNDER_CONSTRUCTION and every later stage */
  ACTUAL_START = 'ACTUAL_START',
  /** actualProductionOn, implied by PARTIALLY_PRODUCING and every later stage */
  ACTUAL_PRODUCTION = 'ACTUAL_PRODUCTION',
}
