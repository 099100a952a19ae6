import {
  ActionTypes,
  CardFactory,
  Channels,
  MessageFactory,
  type Activity,
  type CardAction,
  type TurnContext,
} from 'botbuilder';
import type { TFunction } from 'i18next';
import { pickText, type LocalizedText } from '../src/content/common';
import type { CourseProgramme } from '../src/content/coursesSchema';
import type { CourseMatch, MatchReason, UnknownField } from '../src/matching/rankCourses';

/**
 * How the course finder shows one programme: a hero card where the channel shows cards, the same facts as text
 * elsewhere. Every fact comes from the record; what the record leaves open is said as "the source does not say".
 */

/** Channels that show hero cards; every other channel (SMS, unknown ones) gets the same content as plain text. */
export const CARD_CHANNELS: readonly string[] = [
  Channels.Webchat,
  Channels.Directline,
  Channels.Emulator,
  Channels.Msteams,
  Channels.Telegram,
  Channels.Facebook,
];

function showsCards(context: TurnContext): boolean {
  return CARD_CHANNELS.includes(context.activity.channelId ?? '');
}

/** Texts from the content, remembering whether any had to fall back to English. */
export class ContentText {
  fallback = false;

  constructor(private readonly lng: string) {}

  pick(text: LocalizedText): string {
    const picked = pickText(text, this.lng);
    if (picked.fallback) this.fallback = true;
    return picked.text;
  }
}

/** One programme, ready to send as a hero card or as text. */
export interface CardContent {
  title: string;
  subtitle: string;
  lines: string[];
  links: Array<{ buttonKey: string; lineKey: string; url: string }>;
}

function reasonWords(t: TFunction, reason: MatchReason): string | undefined {
  switch (reason.kind) {
    case 'level':
      return reason.value === 'literacy'
        ? t('courses:reason.levelLiteracy')
        : t('courses:reason.level', { level: reason.value });
    case 'slot':
      return t(`courses:reason.slot.${reason.value}`);
    case 'district':
      return t('courses:reason.district', { district: reason.value });
    case 'online':
      return t('courses:reason.online');
    case 'free':
      return t('courses:reason.free');
    case 'free-conditional':
      return t('courses:reason.freeConditional');
    case 'childcare':
      return t('courses:reason.childcare');
    case 'goal':
      return t(`courses:reason.goal.${reason.value}`);
    case 'unknown':
      return undefined;
  }
}

/** The facts the source leaves open, except cost, which has its own line. */
function unknownFacts(reasons: readonly MatchReason[]): Array<Exclude<UnknownField, 'cost'>> {
  const facts: Array<Exclude<UnknownField, 'cost'>> = [];
  for (const reason of reasons) {
    if (reason.kind === 'unknown' && reason.field !== 'cost') facts.push(reason.field);
  }
  return facts;
}

function costLine(t: TFunction, programme: CourseProgramme, content: ContentText): string {
  switch (programme.cost.free) {
    case true:
      return t('courses:card.costFree');
    case 'conditional':
      // The schema guarantees freeFor for conditional costs; the fallback keeps the line honest if it ever lacks one.
      return programme.cost.freeFor === undefined
        ? t('courses:card.costUnknown')
        : t('courses:card.costConditional', { freeFor: content.pick(programme.cost.freeFor) });
    case false:
      return t('courses:card.costPaid');
    case null:
      return t('courses:card.costUnknown');
  }
}

/** A match as a card: why it fits (from the reasons), who pays (from the source), who can join, how to enrol. */
export function courseCard(t: TFunction, match: CourseMatch, city: string, content: ContentText): CardContent {
  const { programme } = match;
  const separator = t('courses:list.separator');
  const why = match.reasons
    .map((reason) => reasonWords(t, reason))
    .filter((words): words is string => words !== undefined);
  const lines = [
    why.length > 0 ? t('courses:card.why', { reasons: why.join(separator) }) : t('courses:card.whyCity', { city }),
  ];
  lines.push(costLine(t, programme, content));
  const facts = unknownFacts(match.reasons);
  if (facts.length > 0) {
    lines.push(t('courses:card.unknown', { facts: facts.map((fact) => t(`courses:fact.${fact}`)).join(separator) }));
  }
  lines.push(t('courses:card.who', { eligibility: content.pick(programme.eligibility) }));
  lines.push(t('courses:card.how', { how: content.pick(programme.enrol.how) }));
  if (programme.note !== undefined) lines.push(t('courses:card.note', { note: content.pick(programme.note) }));
  if (programme.sourceKind === 'press') lines.push(t('courses:card.press'));
  const links: CardContent['links'] = [];
  if (programme.enrol.url !== null) {
    links.push({ buttonKey: 'courses:card.enrolButton', lineKey: 'courses:card.enrolLink', url: programme.enrol.url });
  }
  if (programme.sourceUrl !== programme.enrol.url) {
    const url = programme.sourceUrl;
    links.push({ buttonKey: 'courses:card.sourceButton', lineKey: 'courses:card.sourceLink', url });
  }
  // The cost may come from another page than the record's; the person can check it there.
  const costUrl = programme.cost.sourceUrl;
  if (costUrl !== undefined && !links.some((link) => link.url === costUrl)) {
    links.push({ buttonKey: 'courses:card.costSourceButton', lineKey: 'courses:card.costSourceLink', url: costUrl });
  }
  return { title: content.pick(programme.name), subtitle: programme.provider, lines, links };
}

/** What employer-embedded language learning looks like for one programme, and where to read more. */
export function employerCard(programme: CourseProgramme, provision: LocalizedText, content: ContentText): CardContent {
  const url = programme.employerProvisionSourceUrl ?? programme.sourceUrl;
  return {
    title: content.pick(programme.name),
    subtitle: programme.provider,
    lines: [content.pick(provision)],
    links: [{ buttonKey: 'courses:employer.infoButton', lineKey: 'courses:employer.infoLink', url }],
  };
}

/** A hero card where the channel shows cards; the same facts, links written out, as text elsewhere. */
export function cardActivity(context: TurnContext, t: TFunction, card: CardContent, number: number): Partial<Activity> {
  if (showsCards(context)) {
    const buttons: CardAction[] = card.links.map((link) => ({
      type: ActionTypes.OpenUrl,
      title: t(link.buttonKey),
      value: link.url,
    }));
    const text = card.lines.join('\n\n');
    return MessageFactory.attachment(CardFactory.heroCard(card.title, text, [], buttons, { subtitle: card.subtitle }));
  }
  const links = card.links.map((link) => t(link.lineKey, { url: link.url }));
  return MessageFactory.text([`${number}. ${card.title}`, card.subtitle, ...card.lines, ...links].join('\n'));
}
