/**
 * Orders of the `projects` connection. Part of the contract: the gateway merges shard pages by
 * these keys, so every shard must sort exactly like this. Each order is a sort key plus the project
 * id as tie-breaker, in the same direction, with null sort values last.
 */
export enum ProjectOrder {
  SIGNED_ON_DESC = 'SIGNED_ON_DESC',
  SIGNED_ON_ASC = 'SIGNED_ON_ASC',
  UPDATED_AT_DESC = 'UPDATED_AT_DESC',
  AGREED_INVESTMENT_DESC = 'AGREED_INVESTMENT_DESC',
  ID_ASC = 'ID_ASC',
}

/** How sort values compare: dates as ISO strings, timestamps as epoch ms, money as integer fen. */
export type SortValueKind = 'isoDate' | 'epochMillis' | 'fen' | 'none';

export interface OrderSpec {
  /** Entity property holding the sort value; null for ID_ASC. */
  readonly field: 'signedOn' | 'updatedAt' | 'agreedInvestment' | null;
  readonly direction: 'asc' | 'desc';
  readonly kind: SortValueKind;
}

export const ORDER_SPECS: Readonly<Record<ProjectOrder, OrderSpec>> = {
  SIGNED_ON_DESC: { field: 'signedOn', direction: 'desc', kind: 'isoDate' },
  SIGNED_ON_ASC: { field: 'signedOn', direction: 'asc', kind: 'isoDate' },
  UPDATED_AT_DESC: { field: 'updatedAt', direction: 'desc', kind: 'epochMillis' },
  AGREED_INVESTMENT_DESC: { field: 'agreedInvestment', direction: 'desc', kind: 'fen' },
  ID_ASC: { field: null, direction: 'asc', kind: 'none' },
};

export const DEFAULT_PROJECT_ORDER = ProjectOrder.SIGNED_ON_DESC;
