import type { StatePropertyAccessor } from 'botbuilder';
import { WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { SharedInnerContextDialog } from './SharedInnerContextDialog';
import type { i18n as I18n } from 'i18next';
import { LANGUAGES, type Language } from '../src/i18n/languages';
import { getTurnLocale, setTurnLocale } from '../src/bot/turnLocale';
import { readProfile, type UserProfile } from '../src/bot/UserProfile';
import { DialogIds } from './ids';
import { LocalizedChoicePrompt, type ChoicePromptOptions, type ChoiceResult } from './prompts/LocalizedChoicePrompt';

export interface LanguageDialogOptions {
  /** A language the person seems to write in: offer to switch to it first (yes/no, in both languages). */
  suggested?: string;
}

/** Asks which language to use, remembers it in the profile, and switches the rest of this turn to it. */
export class LanguageDialog extends SharedInnerContextDialog {
  constructor(
    private readonly i18n: I18n,
    private readonly profile: StatePropertyAccessor<UserProfile>,
    private readonly languages: readonly Language[] = LANGUAGES,
  ) {
    super(DialogIds.language);
    this.addDialog(new LocalizedChoicePrompt(DialogIds.choice));
    this.addDialog(
      new WaterfallDialog(DialogIds.languageFlow, [
        this.offerSuggestedStep.bind(this),
        this.askStep.bind(this),
        this.saveStep.bind(this),
      ]),
    );
    this.initialDialogId = DialogIds.languageFlow;
  }

  private async offerSuggestedStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const suggested = this.languages.find((l) => l.code === (step.options as LanguageDialogOptions | undefined)?.suggested);
    const { t, lng } = getTurnLocale(step.context);
    if (!suggested || suggested.code === lng) return step.next();
    (step.values as Record<string, unknown>)['suggested'] = suggested.code;
    const both = [suggested.code, lng];
    const label = (key: string): string => both.map((language) => t(key, { lng: language })).join(' / ');
    const words = (key: string): string[] =>
      both.flatMap((language) => {
        const list: unknown = t(key, { lng: language, returnObjects: true });
        return Array.isArray(list) ? list.map(String) : [];
      });
    return step.beginDialog(DialogIds.choice, {
      prompt: { key: 'common:language.switchTo', params: { language: suggested.nativeName }, inLanguages: both },
      choices: [
        { value: 'yes', label: { literal: label('common:answer.yes') }, extraSynonyms: [...words('common:answer.yesSynonyms'), ...both.map((l) => t('common:answer.yes', { lng: l }))] },
        { value: 'no', label: { literal: label('common:answer.no') }, extraSynonyms: [...words('common:answer.noSynonyms'), ...both.map((l) => t('common:answer.no', { lng: l }))] },
      ],
    } satisfies ChoicePromptOptions);
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const suggested = (step.values as Record<string, unknown>)['suggested'] as string | undefined;
    if (suggested && (step.result as ChoiceResult | undefined)?.value === 'yes') {
      return step.next({ value: suggested, index: -1 } satisfies ChoiceResult);
    }
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
