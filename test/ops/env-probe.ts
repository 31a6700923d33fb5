/**
 * Which settings a config loader knows: it is run on an environment that records every name it
 * reads (zod reads each key of its schema), so a setting the schema does not know shows up as
 * "not read" instead of being stripped silently.
 */
export function settingsReadBy(
  load: (env: NodeJS.ProcessEnv) => unknown,
  base: Record<string, string> = {},
): Set<string> {
  const read = new Set<string>();
  const env = new Proxy(
    { ...base },
    {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^[A-Z][A-Z0-9_]*$/.test(key)) read.add(key);
        return Reflect.get(target, key, receiver);
      },
    },
  );
  try {
    load(env);
  } catch {
    // Missing settings make it throw; what it read up to the error is all we want.
  }
  return read;
}
