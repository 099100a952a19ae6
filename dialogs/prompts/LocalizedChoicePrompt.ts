import { ActionTypes, ActivityTypes, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { Dialog, supportsSuggestedActions, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import { QuestionDialog } from './QuestionDialog';
import { getTurnLocale } from '../../src/bot/turnLocale';
import { matchChoice, type ChoiceCandidate, type ChoiceMatch } from '../../src/nlu/matchChoice';

/** A text named by its i18n key, rendered in the person's language at the moment it is sent. */
export interface TextRef {
  key: string;
  params?: Record<string, string | number>;
  /** Also show the English text, for questions asked before the person could choose a language. */
  alsoInEnglish?: boolean;
  /** Show the text in these languages, one after the other (e.g. the language the person seems to write in first). */
  inLanguages?: string[];
}

/** An option: its value, its label (an i18n key, or a literal such as a language's own name) and its synonyms. */
export interface ChoiceSpec {
  value: string;
  label: TextRef | { literal: string };
  /** An i18n key whose value is a list of other words for this option (optional). */
  synonymsKey?: string;
  /** Words that name the option in every language (e.g. a language code). */
  extraSynonyms?: string[];
}

export interface ChoicePromptOptions {
  prompt: TextRef;
  choices: ChoiceSpec[];
  /** Sent before the prompt again when the reply matched no option. Default: common:choice.retry. */
  retry?: TextRef;
}

export interface ChoiceResult {
  value: string;
  index: number;
}

interface PromptState {
  options: ChoicePromptOptions;
  attempts: number;
}

/** Suggested actions are shown only where the channel has them and every label fits (botbuilder's rule: 20). */
const MAX_BUTTON_LABEL = 20;

/**
 * A choice prompt whose texts are stored as i18n keys and rendered at each prompt, so a language switch in the middle of
 * a question re-asks it in the new language; it understands the label, a synonym or the number in every language.
 */
export class LocalizedChoicePrompt extends QuestionDialog<ChoicePromptOptions> {
  /**
   * How this turn's reply answers the question as it stands, if it does (used to tell answers from free-text requests):
   * 'exact' for an option's label or synonym (a button), 'number', or 'contained' for a sentence that names one.
   */
  static answers(context: TurnContext, instance: DialogInstance): ChoiceMatch['by'] | undefined {
    const state = instance.state as PromptState;
    return matchChoice(replyText(context.activity), candidatesFor(context, state.options))?.by;
  }

  /** The question being asked, by its i18n key. */
  static promptKey(instance: DialogInstance): string {
    return (instance.state as PromptState).options.prompt.key;
  }

  override async beginDialog(dc: DialogContext, options?: ChoicePromptOptions): Promise<DialogTurnResult> {
    if (!options || options.choices.length === 0) throw new TypeError('LocalizedChoicePrompt needs at least one choice');
    const state: PromptState = { options, attempts: 0 };
    dc.activeDialog!.state = state;
    await dc.context.sendActivity(renderChoicePrompt(dc.context, options));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as PromptState;
    const activity = dc.context.activity;
    if (activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const match = matchChoice(replyText(activity), candidatesFor(dc.context, state.options));
    if (match) return dc.endDialog({ value: match.value, index: match.index } satisfies ChoiceResult);
    state.attempts += 1;
    const retry = state.options.retry ?? { key: 'common:choice.retry' };
    await dc.context.sendActivity(MessageFactory.text(renderText(dc.context, retry)));
    await dc.context.sendActivity(renderChoicePrompt(dc.context, state.options));
    return Dialog.EndOfTurn;
  }

  override async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await this.repromptDialog(dc.context, dc.activeDialog!);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as PromptState;
    await context.sendActivity(renderChoicePrompt(context, state.options));
  }
}

/** A button click arrives as text (imBack) on most channels, or as a value (postBack) on some. */
function replyText(activity: Partial<Activity>): string {
  if (typeof activity.text === 'string' && activity.text.trim() !== '') return activity.text;
  const value: unknown = activity.value;
  return typeof value === 'string' ? value : '';
}

function labelOf(context: TurnContext, spec: ChoiceSpec): string {
  if ('literal' in spec.label) return spec.label.literal;
  return getTurnLocale(context).t(spec.label.key, spec.label.params ?? {});
}

function listOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function candidatesFor(context: TurnContext, options: ChoicePromptOptions): ChoiceCandidate[] {
  const { t, lng } = getTurnLocale(context);
  return options.choices.map((spec) => {
    const synonyms = [...(spec.extraSynonyms ?? [])];
    if (spec.synonymsKey) {
      synonyms.push(...listOf(t(spec.synonymsKey, { returnObjects: true })));
      // People often answer in English whatever the chat's language.
      if (lng !== 'en') synonyms.push(...listOf(t(spec.synonymsKey, { returnObjects: true, lng: 'en' })));
    }
    if (!('literal' in spec.label) && lng !== 'en') synonyms.push(t(spec.label.key, { ...spec.label.params, lng: 'en' }));
    return { value: spec.value, label: labelOf(context, spec), synonyms };
  });
}

/**
 * Buttons (suggested actions) where the channel shows them and the labels fit; a numbered list otherwise (SMS and
 * unknown channels), which the person answers with the number or the words.
 */
export function renderChoicePrompt(context: TurnContext, options: ChoicePromptOptions): Partial<Activity> {
  const text = renderText(context, options.prompt);
  const labels = options.choices.map((spec) => labelOf(context, spec));
  const channelId = context.activity.channelId ?? '';
  const buttons =
    labels.every((label) => label.length <= MAX_BUTTON_LABEL) && supportsSuggestedActions(channelId, labels.length);
  if (buttons) {
    return MessageFactory.suggestedActions(
      labels.map((label) => ({ type: ActionTypes.ImBack, title: label, value: label })),
      text,
    );
  }
  const list = labels.map((label, i) => `${i + 1}. ${label}`).join('\n');
  return MessageFactory.text(`${text}\n\n${list}`);
}

export function renderText(context: TurnContext, ref: TextRef): string {
  const { t, lng } = getTurnLocale(context);
  if (ref.inLanguages && ref.inLanguages.length > 0) {
    return [...new Set(ref.inLanguages)].map((language) => t(ref.key, { ...ref.params, lng: language })).join('\n');
  }
  const own = t(ref.key, ref.params ?? {});
  if (!ref.alsoInEnglish || lng === 'en') return own;
  return `${own}\n${t(ref.key, { ...ref.params, lng: 'en' })}`;
}

/** Yes / No as a choice, understood in every language the bot speaks (botbuilder's ConfirmPrompt knows only nine). */
export function yesNoChoices(): ChoiceSpec[] {
  return [
    { value: 'yes', label: { key: 'common:answer.yes' }, synonymsKey: 'common:answer.yesSynonyms' },
    { value: 'no', label: { key: 'common:answer.no' }, synonymsKey: 'common:answer.noSynonyms' },
  ];
}
