import { generatorFingerprint } from './lock.ts';

/**
 * Prints the generator's fingerprint (the modules `generate.ts` imports, as the lock file records it), for nx's
 * `generate` cache key: nx.json's `generator` input runs `node tools/generator/bin/fingerprint.mjs`.
 */
export async function main(_args: readonly string[], _root: string, generatorDir: string): Promise<number> {
  console.log(await generatorFingerprint(generatorDir));
  return 0;
}
