/**
 * Marks a GraphQL operation of a worker or CLI: gql`query Name($x: T) { … }`. The document is
 * the literal text between the backticks, with no interpolation (values travel as variables), so
 * `npm run documents:build` can read it from the source and put it in the trusted-document
 * manifest byte for byte; the hash the client sends is then the manifest's key.
 */
export function gql(strings: TemplateStringsArray, ...interpolations: never[]): string {
  if (interpolations.length > 0 || strings.raw.length !== 1) {
    throw new TypeError('gql documents take no ${…} interpolations: pass values as variables');
  }
  return strings.raw[0];
}
