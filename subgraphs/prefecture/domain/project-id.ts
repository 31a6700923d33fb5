/** Project ids: `<prefecture code>-<year>-<sequence of at least 4 digits>`, e.g. 530100-2018-0042. */
const PROJECT_ID = /^(\d{6})-(\d{4})-(\d{4,8})$/;

export function isProjectId(id: string): boolean {
  return PROJECT_ID.test(id);
}

/** The owning prefecture's code: the first six characters of any project id. */
export function prefectureOfId(id: string): string {
  return id.slice(0, 6);
}

export function formatProjectId(prefectureCode: string, year: number, sequence: number): string {
  return `${prefectureCode}-${year}-${String(sequence).padStart(4, '0')}`;
}

export function sequenceOf(id: string): number {
  const match = PROJECT_ID.exec(id);
  return match ? Number(match[3]) : 0;
}
