/**
 * Nerves a conduction study names, as codes (issue 16 item 14): one nerve is one series, whatever
 * the spelling it was entered with ("Median", "median nerve", "N. medianus", "common fibular").
 */
export const NERVES = ['median', 'ulnar', 'peroneal', 'tibial', 'sural'] as const;
export type Nerve = (typeof NERVES)[number];

const SYNONYMS: ReadonlyArray<readonly [RegExp, Nerve]> = [
  [/^median(us)?$/, 'median'],
  [/^ulnar(is)?$/, 'ulnar'],
  // The common peroneal nerve is the common fibular nerve (Terminologia Anatomica); the deep branch is what motor studies record.
  [/^(common |deep )?(peroneal|peroneus|peronaeus|fibular|fibularis)$/, 'peroneal'],
  [/^(posterior )?tibial(is)?( posterior)?$/, 'tibial'],
  [/^sural(is)?$/, 'sural'],
];

/** The nerve's code, or undefined when the name is not one of NERVES in any accepted spelling. */
export function nerveCode(name: string): Nerve | undefined {
  const bare = name
    .toLowerCase()
    .replace(/[().,_-]/g, ' ')
    .replace(/\b(nerve|nerves|nervus|n|motor|sensory|left|right|lt|rt)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return SYNONYMS.find(([pattern]) => pattern.test(bare))?.[1];
}

/** A stored name as a series key: its code when recognised, else the name in lower case (older events). */
export function nerveSeriesKey(name: string): string {
  return nerveCode(name) ?? name.trim().toLowerCase();
}
