import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { SharedInnerContextDialog } from './SharedInnerContextDialog';
import { getTurnLocale } from '../src/bot/turnLocale';
import { CITY_IDS, type CityId } from '../src/content/common';
import { OfferNotFoundError, OfferTransitionError } from '../src/internships/errors';
import {
  CITY_CURRENCY,
  todayIn,
  type OfferDraft,
  type OfferOwner,
  type RequiredLanguageLevel,
  type Stipend,
} from '../src/internships/InternshipOffer';
import {
  checkContact,
  checkStartDate,
  checkStipendAmount,
  checkText,
  checkWholeNumber,
  type FieldCheck,
  type FieldError,
} from '../src/internships/offerForm';
import type { OfferRepository } from '../src/internships/OfferRepository';
import { CITY_LANGUAGE, formatDate, languageName, offerLines } from '../src/internships/present';
import type { WorkField } from '../src/internships/workFields';
import { DialogIds } from './ids';
import { cityChoices, fieldChoices, levelChoices } from './InternshipsDialog';
import { FreeTextPrompt } from './prompts/FreeTextPrompt';
import { LocalizedChoicePrompt, yesNoChoices, type ChoicePromptOptions, type ChoiceResult } from './prompts/LocalizedChoicePrompt';

export const OfferInternshipDialogIds = {
  dialog: 'offerInternshipDialog',
  flow: 'offerInternshipDialog.flow',
  form: 'offerInternshipDialog.form',
  field: 'offerInternshipDialog.field',
  mine: 'offerInternshipDialog.mine',
  text: 'offerInternshipDialog.text',
  review: 'offerInternshipDialog.review',
  edit: 'offerInternshipDialog.edit',
} as const;

/** The answers an employer can change at the summary, in the order of the summary. */
export const EDITABLE_FIELDS = ['company', 'role', 'field', 'where', 'start', 'weeks', 'hours', 'pay', 'language', 'mentor', 'contact'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export interface OfferInternshipDialogOptions {
  /** Where to start: the small menu (default), straight into the form, or the employer's own offers. */
  start?: 'menu' | 'new' | 'mine';
  /** The company's city when the bot already knows it; otherwise the form asks. */
  city?: CityId;
}

export interface OfferInternshipDialogResult {
  /** The offer stored as `pending`, when the employer confirmed the form. */
  createdOfferId?: string;
  /** The offer the employer withdrew. */
  withdrawnOfferId?: string;
}

/** The form's typed answers; each one is checked with the offer's zod schema before it is kept. */
export const FORM_TEXT_FIELDS = ['company', 'role', 'district', 'startDate', 'durationWeeks', 'hoursPerWeek', 'amount', 'contact'] as const;
export type FormTextField = (typeof FORM_TEXT_FIELDS)[number];

interface FieldOptions {
  field: FormTextField;
  city?: CityId;
  error?: FieldError;
}

type Draft = Partial<Omit<OfferDraft, 'stipend'>> & { stipend?: Stipend };

interface FormValues {
  draft: Draft;
}

interface ReviewOptions {
  draft: Draft;
}

interface EditValues {
  draft: Draft;
  field: EditableField;
  /** The language the level was asked in, and the currency of the stipend, before the city changed. */
  languageBefore?: string;
  currencyBefore?: string;
}

interface MineValues {
  /** Offers that can still be withdrawn, with the number they have in the list shown. */
  withdrawable: Array<{ id: string; n: number; role: string }>;
  chosen?: { id: string; n: number; role: string };
}

/** Any typed text is handed to the field's own check, which names the limit; only absurd lengths stop earlier. */
const MAX_TYPED = 10_000;

/**
 * An employer offers an internship through a guided form: company, kind of work, role, city, district, start date,
 * weeks, hours, stipend, language level, mentor, contact (for the adviser only). Every typed answer is checked and
 * asked again, in the person's language, until it is valid; nothing is stored before the employer confirms the
 * summary. Then the offer waits as `pending` for an adviser. "My offers" lists the employer's offers with their status
 * and lets them withdraw one.
 */
export class OfferInternshipDialog extends SharedInnerContextDialog {
  private readonly now: () => Date;

  constructor(
    private readonly offers: OfferRepository,
    options: { now?: () => Date } = {},
  ) {
    super(OfferInternshipDialogIds.dialog);
    this.now = options.now ?? (() => new Date());
    this.addDialog(new LocalizedChoicePrompt(DialogIds.choice));
    this.addDialog(new FreeTextPrompt(OfferInternshipDialogIds.text));
    this.addDialog(
      new WaterfallDialog(OfferInternshipDialogIds.flow, [this.menuStep.bind(this), this.routeStep.bind(this), this.doneStep.bind(this)]),
    );
    this.addDialog(
      new WaterfallDialog(OfferInternshipDialogIds.form, [
        this.companyStep.bind(this),
        this.sectorStep.bind(this),
        this.roleStep.bind(this),
        this.cityStep.bind(this),
        this.districtStep.bind(this),
        this.startDateStep.bind(this),
        this.weeksStep.bind(this),
        this.hoursStep.bind(this),
        this.hoursThenStipendStep.bind(this),
        this.amountStep.bind(this),
        this.levelStep.bind(this),
        this.mentorStep.bind(this),
        this.contactStep.bind(this),
        this.reviewStep.bind(this),
        this.finishFormStep.bind(this),
      ]),
    );
    this.addDialog(
      new WaterfallDialog(OfferInternshipDialogIds.review, [this.summaryStep.bind(this), this.decideStep.bind(this), this.afterEditStep.bind(this)]),
    );
    this.addDialog(
      new WaterfallDialog(OfferInternshipDialogIds.edit, [
        this.pickFieldStep.bind(this),
        this.editFirstStep.bind(this),
        this.editSecondStep.bind(this),
        this.editThirdStep.bind(this),
        this.editFourthStep.bind(this),
        this.applyEditStep.bind(this),
      ]),
    );
    this.addDialog(new WaterfallDialog(OfferInternshipDialogIds.field, [this.askFieldStep.bind(this), this.checkFieldStep.bind(this)]));
    this.addDialog(
      new WaterfallDialog(OfferInternshipDialogIds.mine, [
        this.listStep.bind(this),
        this.actionStep.bind(this),
        this.confirmStep.bind(this),
      ]),
    );
    this.initialDialogId = OfferInternshipDialogIds.flow;
  }

  // --- menu -----------------------------------------------------------------------------------------------------

  private async menuStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const start = (step.options as OfferInternshipDialogOptions | undefined)?.start ?? 'menu';
    if (start !== 'menu') return step.next({ value: start, index: -1 } satisfies ChoiceResult);
    return this.choose(step, {
      prompt: { key: 'internships:form.menu.prompt' },
      choices: (['new', 'mine', 'back'] as const).map((value) => ({
        value,
        label: { key: `internships:form.menu.choices.${value}` },
        synonymsKey: `internships:form.menu.synonyms.${value}`,
      })),
    });
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const chosen = (step.result as ChoiceResult).value;
    if (chosen === 'new') {
      const city = (step.options as OfferInternshipDialogOptions | undefined)?.city;
      return step.beginDialog(OfferInternshipDialogIds.form, city ? { city } : {});
    }
    if (chosen === 'mine') return step.beginDialog(OfferInternshipDialogIds.mine);
    return step.endDialog({} satisfies OfferInternshipDialogResult);
  }

  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog((step.result ?? {}) as OfferInternshipDialogResult);
  }

  // --- the form -------------------------------------------------------------------------------------------------

  private draft(step: WaterfallStepContext): Draft {
    const values = step.values as Partial<FormValues>;
    values.draft ??= {};
    return values.draft;
  }

  private choose(step: WaterfallStepContext, options: ChoicePromptOptions): Promise<DialogTurnResult> {
    return step.beginDialog(DialogIds.choice, options);
  }

  private ask(step: WaterfallStepContext, field: FormTextField, city?: CityId): Promise<DialogTurnResult> {
    return step.beginDialog(OfferInternshipDialogIds.field, (city ? { field, city } : { field }) satisfies FieldOptions);
  }

  private async companyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t } = getTurnLocale(step.context);
    const city = (step.options as OfferInternshipDialogOptions | undefined)?.city;
    if (city && (CITY_IDS as readonly string[]).includes(city)) this.draft(step).city = city;
    await step.context.sendActivity(t('internships:form.intro'));
    return this.ask(step, 'company');
  }

  private async sectorStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.draft(step).company = step.result as string;
    return this.choose(step, { prompt: { key: 'internships:form.sector.prompt' }, choices: fieldChoices() });
  }

  private async roleStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.draft(step).sector = (step.result as ChoiceResult).value as WorkField;
    return this.ask(step, 'role');
  }

  private async cityStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    draft.role = step.result as string;
    if (draft.city) return step.next({ value: draft.city, index: -1 } satisfies ChoiceResult);
    return this.choose(step, { prompt: { key: 'internships:form.city.prompt' }, choices: cityChoices() });
  }

  private async districtStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    draft.city = (step.result as ChoiceResult).value as CityId;
    return this.ask(step, 'district', draft.city);
  }

  private async startDateStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    draft.district = step.result as string;
    return this.ask(step, 'startDate', draft.city);
  }

  private async weeksStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.draft(step).startDate = step.result as string;
    return this.ask(step, 'durationWeeks');
  }

  private async hoursStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.draft(step).durationWeeks = step.result as number;
    return this.ask(step, 'hoursPerWeek');
  }

  private async hoursThenStipendStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.draft(step).hoursPerWeek = step.result as number;
    return this.stipendStep(step);
  }

  private stipendStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return this.choose(step, {
      prompt: { key: 'internships:form.stipend.prompt' },
      choices: (['amount', 'unpaid', 'toDiscuss'] as const).map((value) => ({
        value,
        label: { key: `internships:form.stipend.choices.${value}` },
        synonymsKey: `internships:form.stipend.synonyms.${value}`,
      })),
    });
  }

  private async amountStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    const chosen = (step.result as ChoiceResult).value;
    if (chosen === 'unpaid') draft.stipend = { kind: 'unpaid' };
    if (chosen === 'toDiscuss') draft.stipend = { kind: 'to-discuss' };
    if (draft.stipend) return step.next(undefined);
    return this.ask(step, 'amount', draft.city);
  }

  private async levelStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    if (typeof step.result === 'number') draft.stipend = { kind: 'monthly', amount: step.result };
    return this.askLevel(step, draft.city!);
  }

  private async mentorStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.draft(step).languageLevel = (step.result as ChoiceResult).value as RequiredLanguageLevel;
    return this.choose(step, { prompt: { key: 'internships:form.mentor.prompt' }, choices: yesNoChoices() });
  }

  private async contactStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    this.draft(step).mentor = (step.result as ChoiceResult).value === 'yes';
    return this.ask(step, 'contact');
  }

  /** The last answer of the form; then the summary, where the employer sends, changes an answer or deletes. */
  private async reviewStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const draft = this.draft(step);
    draft.contact = step.result as string;
    return step.beginDialog(OfferInternshipDialogIds.review, { draft } satisfies ReviewOptions);
  }

  private async finishFormStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // A conversation saved by an earlier version of the bot, at its yes/no summary question, resumes here.
    if (isChoice(step.result)) return this.saveOrDiscard(step, this.draft(step), step.result.value === 'yes');
    return step.endDialog((step.result ?? {}) as OfferInternshipDialogResult);
  }

  private async summaryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { draft } = step.options as ReviewOptions;
    (step.values as FormValues).draft = draft;
    const { t, lng } = getTurnLocale(step.context);
    const complete = draft as OfferDraft;
    const lines = [
      t('internships:form.summary.title'),
      t('internships:labels.line', { label: t('internships:labels.company'), value: complete.company }),
      t('internships:labels.line', { label: t('internships:labels.role'), value: complete.role }),
      ...offerLines(complete, t, lng, true),
    ];
    await step.context.sendActivity(lines.join('\n'));
    return this.choose(step, {
      prompt: { key: 'internships:form.summary.confirm' },
      choices: [
        ...yesNoChoices().slice(0, 1),
        { value: 'change', label: { key: 'internships:form.summary.change' }, synonymsKey: 'internships:form.summary.changeSynonyms' },
        ...yesNoChoices().slice(1),
      ],
    });
  }

  private async decideStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { draft } = step.values as FormValues;
    const chosen = (step.result as ChoiceResult).value;
    if (chosen === 'change') return step.beginDialog(OfferInternshipDialogIds.edit, { draft } satisfies ReviewOptions);
    return this.saveOrDiscard(step, draft, chosen === 'yes');
  }

  /** After one answer was changed: the summary again, with the change. */
  private async afterEditStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.replaceDialog(OfferInternshipDialogIds.review, { draft: step.result as Draft } satisfies ReviewOptions);
  }

  private async saveOrDiscard(step: WaterfallStepContext, draft: Draft, save: boolean): Promise<DialogTurnResult> {
    const { t } = getTurnLocale(step.context);
    if (!save) {
      await step.context.sendActivity(t('internships:form.discarded'));
      return step.endDialog({} satisfies OfferInternshipDialogResult);
    }
    const offer = await this.offers.create(draft as OfferDraft, ownerOf(step));
    await step.context.sendActivity(t('internships:form.saved'));
    return step.endDialog({ createdOfferId: offer.id } satisfies OfferInternshipDialogResult);
  }

  // --- changing one answer at the summary -----------------------------------------------------------------------

  private async pickFieldStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { draft } = step.options as ReviewOptions;
    (step.values as EditValues).draft = { ...draft };
    const { lng } = getTurnLocale(step.context);
    const language = languageName(CITY_LANGUAGE[draft.city!], lng);
    return this.choose(step, {
      prompt: { key: 'internships:form.summary.which' },
      choices: EDITABLE_FIELDS.map((field) => ({
        value: field,
        label: { key: `internships:labels.${field}`, params: { language } },
      })),
    });
  }

  /** Asks the new answer (for "where": the city first). */
  private async editFirstStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as EditValues;
    values.field = (step.result as ChoiceResult).value as EditableField;
    const { draft } = values;
    switch (values.field) {
      case 'company':
      case 'role':
      case 'contact':
        return this.ask(step, values.field);
      case 'field':
        return this.choose(step, { prompt: { key: 'internships:form.sector.prompt' }, choices: fieldChoices() });
      case 'where':
        values.languageBefore = CITY_LANGUAGE[draft.city!];
        values.currencyBefore = CITY_CURRENCY[draft.city!];
        return this.choose(step, { prompt: { key: 'internships:form.city.prompt' }, choices: cityChoices() });
      case 'start':
        return this.ask(step, 'startDate', draft.city);
      case 'weeks':
        return this.ask(step, 'durationWeeks');
      case 'hours':
        return this.ask(step, 'hoursPerWeek');
      case 'pay':
        return this.stipendStep(step);
      case 'language':
        return this.askLevel(step, draft.city!);
      case 'mentor':
        return this.choose(step, { prompt: { key: 'internships:form.mentor.prompt' }, choices: yesNoChoices() });
    }
  }

  /** For "where", the district in the new city; for "pay", the amount when there is one. Other answers are complete. */
  private async editSecondStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { field, draft } = step.values as EditValues;
    if (field === 'where') {
      draft.city = (step.result as ChoiceResult).value as CityId;
      return this.ask(step, 'district', draft.city);
    }
    if (field === 'pay') {
      const chosen = (step.result as ChoiceResult).value;
      if (chosen === 'unpaid') return step.next({ stipend: { kind: 'unpaid' } satisfies Stipend });
      if (chosen === 'toDiscuss') return step.next({ stipend: { kind: 'to-discuss' } satisfies Stipend });
      return this.ask(step, 'amount', draft.city);
    }
    return step.next(step.result);
  }

  /** For "where" in a city with another language, the level of that language; otherwise nothing more to ask. */
  private async editThirdStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as EditValues;
    const { field, draft } = values;
    if (field === 'where') {
      draft.district = step.result as string;
      if (CITY_LANGUAGE[draft.city!] !== values.languageBefore) return this.askLevel(step, draft.city!);
      return step.next(undefined);
    }
    if (field === 'pay') {
      const result = step.result as { stipend: Stipend } | number;
      draft.stipend = typeof result === 'number' ? { kind: 'monthly', amount: result } : result.stipend;
      return step.next(undefined);
    }
    return step.next(step.result);
  }

  /** For "where" in a city with another currency, the monthly amount again, in the new currency. */
  private async editFourthStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as EditValues;
    const { field, draft } = values;
    if (field !== 'where') return step.next(step.result);
    if (isChoice(step.result)) draft.languageLevel = step.result.value as RequiredLanguageLevel;
    if (draft.stipend?.kind === 'monthly' && CITY_CURRENCY[draft.city!] !== values.currencyBefore) return this.ask(step, 'amount', draft.city);
    return step.next(undefined);
  }

  private async applyEditStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { field, draft } = step.values as EditValues;
    const result = step.result;
    switch (field) {
      case 'company':
      case 'role':
      case 'contact':
        draft[field] = result as string;
        break;
      case 'field':
        draft.sector = (result as ChoiceResult).value as WorkField;
        break;
      case 'start':
        draft.startDate = result as string;
        break;
      case 'weeks':
        draft.durationWeeks = result as number;
        break;
      case 'hours':
        draft.hoursPerWeek = result as number;
        break;
      case 'language':
        draft.languageLevel = (result as ChoiceResult).value as RequiredLanguageLevel;
        break;
      case 'mentor':
        draft.mentor = (result as ChoiceResult).value === 'yes';
        break;
      case 'where':
        if (typeof result === 'number') draft.stipend = { kind: 'monthly', amount: result };
        break;
      case 'pay':
        break;
    }
    return step.endDialog(draft);
  }

  private askLevel(step: WaterfallStepContext, city: CityId): Promise<DialogTurnResult> {
    const { lng } = getTurnLocale(step.context);
    return this.choose(step, {
      prompt: { key: 'internships:form.languageLevel.prompt', params: { language: languageName(CITY_LANGUAGE[city], lng) } },
      choices: levelChoices({
        value: 'none',
        label: { key: 'internships:level.choices.none' },
        synonymsKey: 'internships:level.noneSynonyms',
      }),
    });
  }

  // --- one typed answer, asked until it is valid ----------------------------------------------------------------

  private async askFieldStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as FieldOptions;
    const { t } = getTurnLocale(step.context);
    if (options.error) await step.context.sendActivity(t(options.error.key, options.error.params ?? {}));
    const params: Record<string, string> = {};
    if (options.city) {
      params['city'] = t(`internships:cities.${options.city}`);
      params['currency'] = t(`internships:currency.${CITY_CURRENCY[options.city]}`);
    }
    return step.beginDialog(OfferInternshipDialogIds.text, {
      prompt: { key: `internships:form.${options.field}.prompt`, params },
      maxLength: MAX_TYPED,
    });
  }

  private async checkFieldStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as FieldOptions;
    const checked = this.check(options, String(step.result));
    if (checked.ok) return step.endDialog(checked.value);
    const retry: FieldOptions = { field: options.field, error: checked.error };
    if (options.city) retry.city = options.city;
    return step.replaceDialog(OfferInternshipDialogIds.field, retry);
  }

  private check(options: FieldOptions, raw: string): FieldCheck<string | number> {
    switch (options.field) {
      case 'company':
      case 'role':
      case 'district':
        return checkText(options.field, raw);
      case 'startDate':
        // The city is asked before the date, so "today" is the city's today (UK and Portugal are an hour behind).
        if (!options.city) throw new ReferenceError('the start date is asked only once the city is known');
        return checkStartDate(raw, todayIn(options.city, this.now()));
      case 'durationWeeks':
      case 'hoursPerWeek':
        return checkWholeNumber(options.field, raw);
      case 'amount':
        return checkStipendAmount(raw);
      case 'contact':
        return checkContact(raw, 'any');
    }
  }

  // --- my offers ------------------------------------------------------------------------------------------------

  private async listStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t, lng } = getTurnLocale(step.context);
    const mine = await this.offers.listByOwner(ownerOf(step));
    if (mine.length === 0) {
      await step.context.sendActivity(t('internships:form.mine.none'));
      return step.endDialog({} satisfies OfferInternshipDialogResult);
    }
    const lines = [t('internships:form.mine.title')];
    const withdrawable: MineValues['withdrawable'] = [];
    mine.forEach((offer, i) => {
      lines.push(
        t('internships:form.mine.item', {
          n: i + 1,
          role: offer.role,
          company: offer.company,
          city: t(`internships:cities.${offer.city}`),
          date: formatDate(offer.startDate, lng),
          status: t(`internships:form.mine.status.${offer.status}`),
        }),
      );
      if (offer.status === 'pending' || offer.status === 'approved') withdrawable.push({ id: offer.id, n: i + 1, role: offer.role });
    });
    await step.context.sendActivity(lines.join('\n'));
    (step.values as MineValues).withdrawable = withdrawable;
    if (withdrawable.length === 0) return step.endDialog({} satisfies OfferInternshipDialogResult);
    return this.choose(step, {
      prompt: { key: 'internships:form.mine.which.prompt' },
      choices: [
        ...withdrawable.map(({ id, n }) => ({ value: id, label: { key: 'internships:form.mine.which.choice', params: { n } } })),
        { value: 'back', label: { key: 'internships:form.mine.which.back' }, synonymsKey: 'internships:form.mine.which.backSynonyms' },
      ],
    });
  }

  private async actionStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as MineValues;
    const chosenId = (step.result as ChoiceResult).value;
    const chosen = values.withdrawable.find((offer) => offer.id === chosenId);
    if (!chosen) return step.endDialog({} satisfies OfferInternshipDialogResult);
    values.chosen = chosen;
    return this.choose(step, {
      prompt: { key: 'internships:form.mine.confirm', params: { n: chosen.n, role: chosen.role } },
      choices: yesNoChoices(),
    });
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t } = getTurnLocale(step.context);
    const { chosen } = step.values as MineValues;
    if ((step.result as ChoiceResult).value !== 'yes' || !chosen) {
      await step.context.sendActivity(t('internships:form.mine.kept'));
      return step.endDialog({} satisfies OfferInternshipDialogResult);
    }
    try {
      await this.offers.withdraw(chosen.id, ownerOf(step));
    } catch (error) {
      if (!(error instanceof OfferTransitionError || error instanceof OfferNotFoundError)) throw error;
      await step.context.sendActivity(t('internships:form.mine.failed'));
      return step.endDialog({} satisfies OfferInternshipDialogResult);
    }
    await step.context.sendActivity(t('internships:form.mine.withdrawn'));
    return step.endDialog({ withdrawnOfferId: chosen.id } satisfies OfferInternshipDialogResult);
  }
}

function isChoice(value: unknown): value is ChoiceResult {
  return typeof value === 'object' && value !== null && typeof (value as ChoiceResult).value === 'string' && 'index' in value;
}

/** The employer, as the channel names them: offers are theirs only within the channel they used. */
function ownerOf(step: WaterfallStepContext): OfferOwner {
  const { activity } = step.context;
  return { channelId: activity.channelId, userId: activity.from.id };
}
