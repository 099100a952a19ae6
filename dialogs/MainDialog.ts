import type { StatePropertyAccessor } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
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
import { LocalizedChoicePrompt, type ChoicePromptOptions, type ChoiceResult, type ChoiceSpec } from './prompts/LocalizedChoicePrompt';

/** How a topic of the menu is served: a dialog started with options drawn from the profile. */
export interface TopicRoute {
  dialogId: string;
  options?: (profile: UserProfile) => object;
}
export type TopicRoutes = Partial<Record<Topic, TopicRoute>>;

/** What topic dialogs may return: a city they learned, and whether they handed the person to an adviser. */
const TopicResultSchema = z.object({ city: CityIdSchema.optional(), handedOff: z.boolean().optional() }).loose();

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
export class MainDialog extends ComponentDialog {
  constructor(
    private readonly profile: StatePropertyAccessor<UserProfile>,
    languageDialog: LanguageDialog,
    private readonly handoff: Handoff,
    topicDialogs: readonly Dialog[] = [],
    private readonly routes: TopicRoutes = {},
    private readonly privacyDialogs?: { consent: ConsentDialog; privacy: PrivacyDialog },
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
    return super.onContinueDialog(innerDc);
  }

  private recogniseCommand(dc: DialogContext): GlobalCommand | undefined {
    const text = dc.context.activity.text;
    if (dc.context.activity.type !== 'message' || typeof text !== 'string') return undefined;
    const said = normaliseText(text);
    if (said === '' || said.length > 40) return undefined;
    const { t, lng } = getTurnLocale(dc.context);
    const wordsFor = (command: GlobalCommand, language: string): string[] => {
      const words: unknown = t(`common:commands.${command}`, { returnObjects: true, lng: language });
      return Array.isArray(words) ? words.map((w) => normaliseText(String(w))) : [];
    };
    return GLOBAL_COMMANDS.find((command) => [...wordsFor(command, lng), ...wordsFor(command, 'en')].includes(said));
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
        return dc.beginDialog(DialogIds.mainFlow, { startAt: 'menu' } satisfies MainDialogOptions);
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
    const role = (step.result as ChoiceResult).value as 'newcomer' | 'employer';
    const profile = await readProfile(this.profile, step.context);
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
    return step.replaceDialog(DialogIds.mainFlow, { startAt: 'menu' } satisfies MainDialogOptions);
  }

  private async afterTopicStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = TopicResultSchema.safeParse(step.result ?? {});
    if (result.success && result.data.city) {
      const profile = await readProfile(this.profile, step.context);
      profile.city = result.data.city;
      await this.profile.set(step.context, profile);
    }
    // An adviser has the conversation now: the bot waits instead of showing the menu.
    if (result.success && result.data.handedOff) return step.endDialog({ handedOff: true });
    return step.replaceDialog(DialogIds.mainFlow, { startAt: 'menu' } satisfies MainDialogOptions);
  }
}
