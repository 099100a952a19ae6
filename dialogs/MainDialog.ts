import type { StatePropertyAccessor } from 'botbuilder';
import {
  Dialog,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { SharedInnerContextDialog } from './SharedInnerContextDialog';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { getTurnLocale } from '../src/bot/turnLocale';
import { CityIdSchema } from '../src/content/common';
import type { Handoff } from '../src/handoff/HandoffRequest';
import { readProfile, type UserProfile } from '../src/bot/UserProfile';
import { normaliseText } from '../src/nlu/normalise';
import { DialogIds, Topics, type Topic } from './ids';
import { detectLanguage, SWITCH_CONFIDENCE } from '../src/nlu/detectLanguage';
import { LanguageDialog, type LanguageDialogOptions } from './LanguageDialog';
import { ConsentDialogIds, type ConsentDialog, type ConsentResult } from './ConsentDialog';
import { PrivacyDialogIds, type PrivacyDialog } from './PrivacyDialog';
import { needsConsent } from '../src/privacy/ConsentRecord';
import { isPrivacyCommand } from '../src/privacy/privacyCommand';
import { LocalizedChoicePrompt, yesNoChoices, type ChoicePromptOptions, type ChoiceResult, type ChoiceSpec } from './prompts/LocalizedChoicePrompt';
import { FreeTextPrompt } from './prompts/FreeTextPrompt';
import { understand, type NluEntities, type RecognizedIntent } from '../src/nlu/IntentRecognizer';
import type { Intent } from '../src/nlu/nluData';

/** How a topic of the menu is served: a dialog started with options drawn from the profile. */
export interface TopicRoute {
  dialogId: string;
  options?: (profile: UserProfile) => object;
}
export type TopicRoutes = Partial<Record<Topic, TopicRoute>>;

/** What topic dialogs may return: a city they learned, and whether they handed the person to an adviser. */
const TopicResultSchema = z.object({ city: CityIdSchema.optional(), handedOff: z.boolean().optional() }).loose();

/** Understands free text (src/nlu); absent or not yet loaded, the bot works by its menus alone. */
export interface FreeTextUnderstanding {
  recognize(text: string, lng: string, options?: { entities?: boolean }): RecognizedIntent | undefined;
}

/** Which menu topic an intent asks for. */
const INTENT_TOPIC: Partial<Record<Intent, Topic>> = {
  recognition: 'recognition',
  courses: 'courses',
  internships: 'internships',
  employerSchemes: 'schemes',
  offerInternship: 'offer',
};

/** Intents worth offering as a guess when the bot is unsure. */
const GUESSABLE: readonly Intent[] = ['recognition', 'courses', 'internships', 'employerSchemes', 'offerInternship', 'human', 'help', 'menu', 'language', 'privacy'];

/** Intents that may interrupt an open question (a free-text answer is otherwise taken as the answer). */
const ALWAYS_INTERRUPT: readonly Intent[] = ['human', 'language', 'privacy'];

interface TopicRunnerOptions {
  topic: Topic;
  options: object;
}

export interface MainDialogOptions {
  /** Where the flow starts: the welcome (first contact, restart) or the topic menu. */
  startAt?: 'welcome' | 'menu';
}

/** Words that work at any point of the conversation, in every language the bot speaks (and in English). */
export const GLOBAL_COMMANDS = ['help', 'menu', 'restart', 'language'] as const;
export type GlobalCommand = (typeof GLOBAL_COMMANDS)[number];

/**
 * The conversation's backbone: welcome, language, "newcomer or employer?", then the topic menu, in a loop. It also
 * handles the words that work anywhere (help, menu, restart, language) as interruptions of whatever is running.
 */
export class MainDialog extends SharedInnerContextDialog {
  /** The words of each global command per language (the person's language and English), normalised once. */
  private readonly commandWords = new Map<string, Record<GlobalCommand, Set<string>>>();

  constructor(
    private readonly profile: StatePropertyAccessor<UserProfile>,
    languageDialog: LanguageDialog,
    private readonly handoff: Handoff,
    topicDialogs: readonly Dialog[] = [],
    private readonly routes: TopicRoutes = {},
    private readonly privacyDialogs?: { consent: ConsentDialog; privacy: PrivacyDialog },
    private readonly nlu?: FreeTextUnderstanding,
  ) {
    super(DialogIds.main);
    this.addDialog(languageDialog);
    if (privacyDialogs) {
      this.addDialog(privacyDialogs.consent);
      this.addDialog(privacyDialogs.privacy);
    }
    for (const dialog of topicDialogs) this.addDialog(dialog);
    this.addDialog(new LocalizedChoicePrompt(DialogIds.choice));
    this.addDialog(
      new WaterfallDialog(DialogIds.mainFlow, [
        this.welcomeStep.bind(this),
        this.consentStep.bind(this),
        this.roleStep.bind(this),
        this.menuStep.bind(this),
        this.topicStep.bind(this),
        this.afterTopicStep.bind(this),
      ]),
    );
    this.addDialog(new WaterfallDialog(DialogIds.menu, [this.menuStep.bind(this), this.topicStep.bind(this), this.afterTopicStep.bind(this)]));
    this.addDialog(new FreeTextPrompt(DialogIds.text));
    this.addDialog(new WaterfallDialog(DialogIds.topicRunner, [this.runTopicStep.bind(this), this.afterTopicStep.bind(this)]));
    this.addDialog(new WaterfallDialog(DialogIds.guess, [this.askGuessStep.bind(this), this.actOnGuessStep.bind(this)]));
    this.addDialog(new WaterfallDialog(DialogIds.offerAdviser, [this.askAdviserStep.bind(this), this.actOnAdviserStep.bind(this)]));
    this.initialDialogId = DialogIds.mainFlow;
  }

  /** The words that work anywhere also work as the first message of a conversation (or after an adviser let go). */
  protected override async onBeginDialog(innerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    if (this.privacyDialogs && isPrivacyCommand(innerDc.context)) return innerDc.beginDialog(PrivacyDialogIds.privacy);
    const command = this.recogniseCommand(innerDc);
    if (command === 'language' || command === 'restart') return this.runCommand(innerDc, command);
    if (command === 'help') await innerDc.context.sendActivity(getTurnLocale(innerDc.context).t('common:help.text'));
    return super.onBeginDialog(innerDc, options);
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    if (this.privacyDialogs && isPrivacyCommand(innerDc.context)) return innerDc.beginDialog(PrivacyDialogIds.privacy);
    const command = this.recogniseCommand(innerDc);
    if (command) return this.runCommand(innerDc, command);
    const understood = await this.understandFreeText(innerDc);
    if (understood) return understood;
    return super.onContinueDialog(innerDc);
  }

  /**
   * Free text at any point: an answer to the open question goes to it; anything else is understood (NLU) and acted on,
   * offered as two guesses when the bot is unsure, and after two misunderstandings in a row the bot offers a person.
   * Returns undefined to let the open question handle the reply.
   */
  private async understandFreeText(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { activity } = innerDc.context;
    const text = activity.type === 'message' ? (activity.text ?? '').trim() : '';
    if (!this.nlu || text === '') return undefined;
    // One DialogContext.child call per level (each component builds its inner context once per turn).
    let leaf = innerDc;
    for (let child = leaf.child; child; child = child.child) leaf = child;
    const instance = leaf.activeDialog;
    const dialog = instance ? leaf.findDialog(instance.id) : undefined;
    const words = text.split(/\s+/).length;
    if (dialog instanceof LocalizedChoicePrompt && instance) {
      const atMenu = LocalizedChoicePrompt.promptKey(instance).startsWith('menu:topics.prompt');
      // A reply that answers the question is an answer; at the menu a sentence goes to the NLU for its details (a
      // button's label, however long, is no sentence).
      const answer = LocalizedChoicePrompt.answers(innerDc.context, instance);
      if (answer !== undefined && !(atMenu && words > 2 && answer === 'contained')) {
        this.setMisses(innerDc, 0);
        return undefined;
      }
    } else if (!(dialog instanceof FreeTextPrompt)) {
      return undefined;
    }
    const { lng } = getTurnLocale(innerDc.context);
    // An open question's answer only needs the intent (to see whether it is a request); topics need the details.
    const result = this.nlu.recognize(text, lng, { entities: !(dialog instanceof FreeTextPrompt) });
    if (!result) return undefined;
    const understanding = understand(result);
    if (dialog instanceof FreeTextPrompt) {
      // An open question takes free text as its answer, unless the person clearly asks for something that works anywhere.
      if (understanding.kind === 'confident' && ALWAYS_INTERRUPT.includes(understanding.intent)) {
        return this.act(innerDc, understanding.intent, result.entities);
      }
      return undefined;
    }
    if (understanding.kind === 'confident') {
      if (understanding.intent !== 'outOfScope') this.setMisses(innerDc, 0);
      return this.act(innerDc, understanding.intent, result.entities);
    }
    if (understanding.kind === 'unsure') {
      // Only guesses the bot can act on are offered ("something else" or "thanks" are no answer to a question).
      const guesses = understanding.guesses.filter((intent) => GUESSABLE.includes(intent));
      if (guesses.length > 0) return innerDc.beginDialog(DialogIds.guess, { guesses, entities: result.entities });
    }
    return this.missed(innerDc);
  }

  private misses(dc: DialogContext): number {
    const state = dc.parent?.activeDialog?.state as { nluMisses?: number } | undefined;
    return state?.nluMisses ?? 0;
  }

  private setMisses(dc: DialogContext, misses: number): void {
    const state = dc.parent?.activeDialog?.state as { nluMisses?: number } | undefined;
    if (state) state.nluMisses = misses;
  }

  /** Not understood: the open question asks again; the second time in a row, the bot offers a person. */
  private async missed(dc: DialogContext): Promise<DialogTurnResult | undefined> {
    const misses = this.misses(dc) + 1;
    this.setMisses(dc, misses >= 2 ? 0 : misses);
    if (misses >= 2) return dc.beginDialog(DialogIds.offerAdviser);
    return undefined;
  }

  private async act(dc: DialogContext, intent: Intent, entities: NluEntities, fromGuess = false): Promise<DialogTurnResult> {
    // After a short answer, the question that was open is asked again (from a guess: the guess ends and it resumes).
    const askAgain = async (): Promise<DialogTurnResult> => {
      if (fromGuess) return dc.endDialog();
      await dc.repromptDialog();
      return Dialog.EndOfTurn;
    };
    const { t } = getTurnLocale(dc.context);
    const profile = await readProfile(this.profile, dc.context);
    const topic = this.topicFor(intent, profile);
    if (topic && topic !== 'adviser' && this.routes[topic]) {
      const route = this.routes[topic];
      const options = { ...route.options?.(profile), ...entityOptions(topic, entities) };
      return dc.beginDialog(DialogIds.topicRunner, { topic, options } satisfies TopicRunnerOptions);
    }
    switch (intent) {
      case 'human':
        return this.handOver(dc, profile, 'asked');
      case 'language':
        return dc.beginDialog(DialogIds.language);
      case 'privacy':
        if (this.privacyDialogs) return dc.beginDialog(PrivacyDialogIds.privacy);
        break;
      case 'menu':
        return this.runCommand(dc, 'menu');
      case 'help':
        await dc.context.sendActivity(t('common:help.text'));
        return askAgain();
      case 'greeting':
      case 'thanks':
        await dc.context.sendActivity(t(`common:nlu.${intent}`));
        return askAgain();
      case 'outOfScope': {
        await dc.context.sendActivity(t('common:nlu.outOfScope'));
        const offered = fromGuess ? undefined : await this.missed(dc);
        return offered ?? askAgain();
      }
      default:
        break;
    }
    return askAgain();
  }

  /** The topic an intent asks for, read with the person's role (an employer's "internships" is an offer). */
  private topicFor(intent: Intent, profile: UserProfile): Topic | undefined {
    const topic = INTENT_TOPIC[intent];
    if (topic === 'internships' && profile.role === 'employer') return 'offer';
    if (topic === 'offer' && profile.role === 'newcomer') return 'internships';
    if (intent === 'human') return 'adviser';
    return topic;
  }

  private async handOver(dc: DialogContext, profile: UserProfile, reason: string): Promise<DialogTurnResult> {
    await this.handoff.request(dc.context, {
      topic: profile.role === 'employer' ? 'employer' : 'general',
      reason,
      summary: { role: profile.role ?? 'unknown' },
      ...(profile.city ? { city: profile.city } : {}),
    });
    // The adviser has the conversation: nothing of the bot's stays open.
    return dc.cancelAllDialogs();
  }

  private async runTopicStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { topic, options } = step.options as TopicRunnerOptions;
    const route = this.routes[topic];
    if (!route) return step.endDialog();
    return step.beginDialog(route.dialogId, options);
  }

  private async askGuessStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { guesses } = step.options as { guesses: Intent[] };
    const choices: ChoiceSpec[] = [...guesses.filter((g) => g !== 'human'), 'human' as const].map((intent) => ({
      value: intent,
      label: { key: intentLabelKey(intent) },
    }));
    return step.beginDialog(DialogIds.choice, { prompt: { key: 'common:nlu.didYouMean' }, choices } satisfies ChoicePromptOptions);
  }

  private async actOnGuessStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { entities } = step.options as { entities: NluEntities };
    const intent = (step.result as ChoiceResult).value as Intent;
    this.setMisses(step, 0);
    return this.act(step, intent, entities, true);
  }

  private async askAdviserStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(DialogIds.choice, { prompt: { key: 'common:nlu.offerAdviser' }, choices: yesNoChoices() } satisfies ChoicePromptOptions);
  }

  private async actOnAdviserStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if ((step.result as ChoiceResult).value === 'yes') {
      return this.handOver(step, await readProfile(this.profile, step.context), 'not-understood');
    }
    return step.endDialog();
  }

  private recogniseCommand(dc: DialogContext): GlobalCommand | undefined {
    const text = dc.context.activity.text;
    if (dc.context.activity.type !== 'message' || typeof text !== 'string') return undefined;
    const said = normaliseText(text);
    if (said === '' || said.length > 40) return undefined;
    const { t, lng } = getTurnLocale(dc.context);
    const words = this.commandWords.get(lng) ?? commandWordsOf(t, lng);
    this.commandWords.set(lng, words);
    return GLOBAL_COMMANDS.find((command) => words[command].has(said));
  }

  private async runCommand(dc: DialogContext, command: GlobalCommand): Promise<DialogTurnResult> {
    const { t } = getTurnLocale(dc.context);
    switch (command) {
      case 'help':
        await dc.context.sendActivity(t('common:help.text'));
        await dc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'language':
        // Pushed on top of whatever is asking: when the language is chosen, that question is asked again in it.
        return dc.beginDialog(DialogIds.language);
      case 'menu':
        await dc.cancelAllDialogs();
        return this.toMenu(dc, 'begin');
      case 'restart': {
        await this.profile.set(dc.context, {});
        await dc.cancelAllDialogs();
        await dc.context.sendActivity(t('common:restart.done'));
        return dc.beginDialog(DialogIds.mainFlow, { startAt: 'welcome' } satisfies MainDialogOptions);
      }
    }
  }

  private async welcomeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const profile = await readProfile(this.profile, step.context);
    if (!profile.welcomed) {
      const { t } = getTurnLocale(step.context);
      await step.context.sendActivity(t('common:welcome.hello'));
      profile.welcomed = true;
      await this.profile.set(step.context, profile);
    }
    if (!profile.language) {
      // A person who starts by writing in their own language is offered that language first.
      const text = step.context.activity.type === 'message' ? (step.context.activity.text ?? '') : '';
      const guess = detectLanguage(text);
      const suggested = guess && guess.confidence >= SWITCH_CONFIDENCE ? guess.lng : undefined;
      return step.beginDialog(DialogIds.language, { suggested } satisfies LanguageDialogOptions);
    }
    return step.next();
  }

  /** Before the bot keeps anything beyond the conversation itself, it asks (once per version of the text). */
  private async consentStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const profile = await readProfile(this.profile, step.context);
    if (!this.privacyDialogs || !needsConsent(profile.consent)) return step.next();
    return step.beginDialog(ConsentDialogIds.consent);
  }

  private async roleStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as MainDialogOptions;
    const profile = await readProfile(this.profile, step.context);
    const answer = step.result as ConsentResult | undefined;
    if (answer?.record) {
      profile.consent = answer.record;
      await this.profile.set(step.context, profile);
    }
    // Once the person has said who they are, coming back (menu, after a topic, a later visit) goes to the menu.
    if (profile.role && options.startAt !== 'welcome') return step.next({ value: profile.role, index: -1 });
    return step.beginDialog(DialogIds.choice, {
      prompt: { key: 'menu:role.prompt' },
      choices: [
        { value: 'newcomer', label: { key: 'menu:role.newcomer' }, synonymsKey: 'menu:role.newcomerSynonyms' },
        { value: 'employer', label: { key: 'menu:role.employer' }, synonymsKey: 'menu:role.employerSynonyms' },
      ],
    });
  }

  private async menuStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const profile = await readProfile(this.profile, step.context);
    // In the main flow, the role step's answer; at the start of the menu waterfall, the role the person gave before.
    const chosen = (step.result as ChoiceResult | undefined)?.value as UserProfile['role'];
    const role = chosen ?? profile.role;
    if (!role) return step.replaceDialog(DialogIds.mainFlow, { startAt: 'menu' } satisfies MainDialogOptions);
    profile.role = role;
    await this.profile.set(step.context, profile);
    const choices: ChoiceSpec[] = Topics[role].map((topic) => ({
      value: topic,
      label: { key: `menu:topics.${topic}.label` },
      synonymsKey: `menu:topics.${topic}.synonyms`,
    }));
    return step.beginDialog(DialogIds.choice, { prompt: { key: `menu:topics.prompt.${role}` }, choices });
  }

  private async topicStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const topic = (step.result as ChoiceResult).value as Topic;
    const profile = await readProfile(this.profile, step.context);
    if (topic === 'adviser') {
      await this.handoff.request(step.context, {
        topic: profile.role === 'employer' ? 'employer' : 'general',
        reason: 'asked',
        summary: { role: profile.role ?? 'unknown' },
        ...(profile.city ? { city: profile.city } : {}),
      });
      return step.endDialog({ handedOff: true });
    }
    const route = this.routes[topic];
    if (route) return step.beginDialog(route.dialogId, route.options?.(profile));
    // A topic whose guide is not part of this deployment says so honestly and points to people who can help.
    const { t } = getTurnLocale(step.context);
    await step.context.sendActivity(t(`menu:topics.${topic}.placeholder`));
    return this.toMenu(step, 'replace');
  }

  private async afterTopicStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = TopicResultSchema.safeParse(step.result ?? {});
    if (result.success && result.data.city) {
      const profile = await readProfile(this.profile, step.context);
      profile.city = result.data.city;
      await this.profile.set(step.context, profile);
    }
    // An adviser has the conversation now: the bot waits instead of showing the menu.
    if (result.success && result.data.handedOff) return step.cancelAllDialogs();
    // A topic started from free text goes back to the question that was open; one from the menu, to the menu.
    if (step.stack.some((instance) => instance.id === DialogIds.topicRunner)) return step.endDialog();
    return this.toMenu(step, 'replace');
  }

  /**
   * Back to the topic menu. When the main flow would ask nothing before it (the person was welcomed and has a language,
   * a role and a current consent answer), the menu waterfall starts at the menu itself: walking the main flow's steps
   * to it costs a dialog context per step.
   */
  private async toMenu(dc: DialogContext, how: 'begin' | 'replace'): Promise<DialogTurnResult> {
    const profile = await readProfile(this.profile, dc.context);
    const known = profile.welcomed && profile.language && profile.role && !(this.privacyDialogs && needsConsent(profile.consent));
    const options: MainDialogOptions = { startAt: 'menu' };
    const id = known ? DialogIds.menu : DialogIds.mainFlow;
    return how === 'begin' ? dc.beginDialog(id, options) : dc.replaceDialog(id, options);
  }
}

/** The label of an intent offered as a guess: a topic's own menu label, or a short name. */
function intentLabelKey(intent: Intent): string {
  const topic = INTENT_TOPIC[intent];
  if (topic) return `menu:topics.${topic}.label`;
  if (intent === 'human') return 'menu:topics.adviser.label';
  return `common:nlu.labels.${intent}`;
}

/** What a topic's guide can take from the words of the request (city, level, time, occupation). */
function entityOptions(topic: Topic, entities: NluEntities): object {
  const city = entities.city ? { city: entities.city } : {};
  switch (topic) {
    case 'recognition':
      return { ...city, ...(entities.profession ? { professionId: entities.profession.id } : {}) };
    case 'courses': {
      const level = entities.level && entities.level !== 'C2' ? { level: entities.level } : {};
      return { ...city, ...level, ...(entities.slot ? { slot: entities.slot } : {}) };
    }
    case 'offer':
      return { ...city, start: 'new' };
    default:
      return city;
  }
}

function commandWordsOf(t: TFunction, lng: string): Record<GlobalCommand, Set<string>> {
  const wordsFor = (command: GlobalCommand, language: string): string[] => {
    const words: unknown = t(`common:commands.${command}`, { returnObjects: true, lng: language });
    return Array.isArray(words) ? words.map((w) => normaliseText(String(w))) : [];
  };
  return Object.fromEntries(
    GLOBAL_COMMANDS.map((command) => [command, new Set([...wordsFor(command, lng), ...wordsFor(command, 'en')])]),
  ) as Record<GlobalCommand, Set<string>>;
}
