import type { StatePropertyAccessor } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { i18n as I18n } from 'i18next';
import { LANGUAGES, type Language } from '../src/i18n/languages';
import { setTurnLocale } from '../src/bot/turnLocale';
import { readProfile, type UserProfile } from '../src/bot/UserProfile';
import { DialogIds } from './ids';
import { LocalizedChoicePrompt, type ChoiceResult } from './prompts/LocalizedChoicePrompt';

/** Asks which language to use, remembers it in the profile, and switches the rest of this turn to it. */
export class LanguageDialog extends ComponentDialog {
  constructor(
    private readonly i18n: I18n,
    private readonly profile: StatePropertyAccessor<UserProfile>,
    private readonly languages: readonly Language[] = LANGUAGES,
  ) {
    super(DialogIds.language);
    this.addDialog(new LocalizedChoicePrompt(DialogIds.choice));
    this.addDialog(
      new WaterfallDialog(DialogIds.languageFlow, [this.askStep.bind(this), this.saveStep.bind(this)]),
    );
    this.initialDialogId = DialogIds.languageFlow;
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(DialogIds.choice, {
      prompt: { key: 'common:language.prompt', alsoInEnglish: true },
      choices: this.languages.map((language) => ({
        value: language.code,
        label: { literal: language.nativeName },
        extraSynonyms: [language.code, language.englishName, ...language.aliases],
      })),
    });
  }

  private async saveStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const choice = step.result as ChoiceResult;
    const profile = await readProfile(this.profile, step.context);
    profile.language = choice.value;
    await this.profile.set(step.context, profile);
    const { t } = setTurnLocale(step.context, this.i18n, choice.value);
    await step.context.sendActivity(t('common:language.changed'));
    return step.endDialog(choice.value);
  }
}
