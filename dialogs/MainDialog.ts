import type { StatePropertyAccessor } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { getTurnLocale } from '../src/bot/turnLocale';
import { readProfile, type UserProfile } from '../src/bot/UserProfile';
import { normaliseText } from '../src/nlu/normalise';
import { DialogIds, Topics, type Topic } from './ids';
import { detectLanguage, SWITCH_CONFIDENCE } from '../src/nlu/detectLanguage';
import { LanguageDialog, type LanguageDialogOptions } from './LanguageDialog';
import { LocalizedChoicePrompt, type ChoicePromptOptions, type ChoiceResult, type ChoiceSpec } from './prompts/LocalizedChoicePrompt';

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
  ) {
    super(DialogIds.main);
    this.addDialog(languageDialog);
    this.addDialog(new LocalizedChoicePrompt(DialogIds.choice));
    this.addDialog(
      new WaterfallDialog(DialogIds.mainFlow, [
        this.welcomeStep.bind(this),
        this.roleStep.bind(this),
        this.menuStep.bind(this),
        this.topicStep.bind(this),
      ]),
    );
    this.initialDialogId = DialogIds.mainFlow;
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
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

  private async roleStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as MainDialogOptions;
    const profile = await readProfile(this.profile, step.context);
    if (profile.role && options.startAt === 'menu') return step.next({ value: profile.role, index: -1 });
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
    const { t } = getTurnLocale(step.context);
    // Each topic answers honestly that its guide is not built yet, until the topic's own dialog lands.
    await step.context.sendActivity(t(`menu:topics.${topic}.placeholder`));
    return step.replaceDialog(DialogIds.mainFlow, { startAt: 'menu' } satisfies MainDialogOptions);
  }
}
