/** Largest `first` of the `projects` connection ("Page size, 1 to 500" in the contract). */
export const MAX_PAGE_SIZE = 500;
