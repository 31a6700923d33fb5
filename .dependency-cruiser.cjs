/**
 * The module boundaries of the hub (docs/architecture.md, "Module map"). `npm run check:boundaries`
 * runs these rules over every TypeScript file; CI fails on any violation.
 *
 * Layers, from the bottom: `lib/` (infrastructure and the hub database, shared by every process) and
 * `schema/` (the contract between processes) import nothing above them; the three process folders
 * `gateway/`, `subgraphs/` and `workers/` import `lib/` and `schema/` but never each other; inside
 * `subgraphs/`, a prefecture and the province share only `subgraphs/lib/`. `scripts/` wire processes
 * together; `bench/` and `test/` may import anything, but nothing outside them imports `test/`.
 */
const PROCESS_FOLDERS = ['gateway', 'subgraphs', 'workers'];
const others = (folder) => PROCESS_FOLDERS.filter((f) => f !== folder).map((f) => `^${f}/`);

module.exports = {
  forbidden: [
    ...PROCESS_FOLDERS.map((folder) => ({
      name: `${folder}-stays-apart`,
      comment: `${folder}/ reaches other processes through the graph or the queue, never by importing their code`,
      severity: 'error',
      from: { path: `^${folder}/` },
      to: { path: others(folder) },
    })),
    {
      name: 'prefecture-and-province-apart',
      comment: 'the two subgraphs are separate services: shared code lives in subgraphs/lib/',
      severity: 'error',
      from: { path: '^subgraphs/(prefecture|province)/' },
      to: { path: '^subgraphs/(prefecture|province)/', pathNot: '^subgraphs/$1/' },
    },
    {
      name: 'foundations-import-no-process',
      comment: 'lib/ and schema/ are shared by every process, so they cannot depend on one',
      severity: 'error',
      from: { path: '^(lib|schema)/' },
      to: { path: '^(gateway|subgraphs|workers|scripts|bench|test)/' },
    },
    {
      name: 'only-tests-import-tests',
      comment: 'test/ helpers are for tests; benches have their own support in bench/support/',
      severity: 'error',
      from: { path: '^(lib|schema|gateway|subgraphs|workers|scripts|bench)/' },
      to: { path: '^test/' },
    },
    {
      name: 'runtime-code-uses-no-dev-dependency',
      comment: 'production processes run from `npm ci --omit=dev`',
      severity: 'error',
      from: { path: '^(lib|schema|gateway|subgraphs|workers)/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
    {
      name: 'no-undeclared-package',
      comment: 'every package imported is in package.json (npm ci installs it)',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|data|dist|coverage)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
