import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LANGUAGE_CODES, type LanguageCode } from '../content/common';
import { dataDir } from '../content/dataDir';

/**
 * What a person may want when they type freely instead of pressing a button. The topic intents mirror the topic
 * menu; the others are the words that work anywhere (help, menu, language), privacy requests, small talk, and
 * everything the bot does not do.
 */
export const INTENTS = [
  'recognition',
  'courses',
  'internships',
  'employerSchemes',
  'offerInternship',
  'human',
  'help',
  'menu',
  'language',
  'privacy',
  'greeting',
  'thanks',
  'outOfScope',
] as const;
export const IntentSchema = z.enum(INTENTS);
export type Intent = z.infer<typeof IntentSchema>;

const UtteranceSchema = z.string().trim().min(1).max(300);

/** One file of example utterances, `data/nlu/<lng>.train.json` or `<lng>.heldout.json`: every intent, none empty. */
export const NluDataFileSchema = z.object({
  intents: z.strictObject(
    Object.fromEntries(INTENTS.map((intent) => [intent, z.array(UtteranceSchema).min(1)])) as Record<
      Intent,
      z.ZodArray<typeof UtteranceSchema>
    >,
  ),
});
export type NluDataFile = z.infer<typeof NluDataFileSchema>;

/** Example utterances per language. A language may be missing: the recognizer then falls back to English. */
export type NluCorpus = Partial<Record<LanguageCode, NluDataFile>>;

export type NluSplit = 'train' | 'heldout';

/** A data file could not be read or did not pass its schema. `cause` holds the read or zod error. */
export class NluDataError extends Error {
  override readonly name = 'NluDataError';
}

/** The folder of the NLU data files: data/nlu. */
export function nluDataDir(root: string = dataDir()): string {
  return path.join(root, 'nlu');
}

/** Reads and validates one split (training or held-out) for every language the bot speaks. */
export function loadNluCorpus(split: NluSplit, dir: string = nluDataDir()): Record<LanguageCode, NluDataFile> {
  const corpus = {} as Record<LanguageCode, NluDataFile>;
  for (const lng of LANGUAGE_CODES) corpus[lng] = loadNluFile(path.join(dir, `${lng}.${split}.json`));
  return corpus;
}

export function loadNluFile(file: string): NluDataFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new NluDataError(`cannot read ${file}`, { cause: error });
  }
  const parsed = NluDataFileSchema.safeParse(raw);
  if (!parsed.success) throw new NluDataError(`${file} does not match the NLU data schema`, { cause: parsed.error });
  return parsed.data;
}
