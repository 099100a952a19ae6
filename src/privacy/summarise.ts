import type { TFunction } from 'i18next';
import { LANGUAGES } from '../i18n/languages';
import { SUMMARY_COUNTS } from './PersonalDataHolder';
import type { PersonalData, UnavailableHolder } from './PrivacyService';

export interface SummarySettings {
  retentionDays: number;
  sessionHours: number;
}

const dateOf = (iso: string): string => iso.slice(0, 10);

/**
 * What the bot keeps about a person, as short numbered lines in their language: profile, consent, this conversation,
 * and the counts the holders report. The export holds the full detail.
 */
export function summarise(data: PersonalData, t: TFunction, settings: SummarySettings): string {
  const lines: string[] = [];
  const { profile } = data;
  if (profile.language) {
    const name = LANGUAGES.find((l) => l.code === profile.language)?.nativeName ?? profile.language;
    lines.push(t('privacy:see.language', { value: name }));
  }
  if (profile.role) lines.push(t('privacy:see.role', { value: t(`privacy:see.roles.${profile.role}`) }));
  if (profile.city) lines.push(t('privacy:see.city', { value: t(`privacy:see.cities.${profile.city}`, { defaultValue: profile.city }) }));
  if (profile.consent?.given) lines.push(t('privacy:see.consentGiven', { date: dateOf(profile.consent.at) }));
  else if (profile.consent) lines.push(t('privacy:see.consentRefused', { date: dateOf(profile.consent.at), hours: settings.sessionHours }));
  if (data.session) lines.push(t('privacy:see.conversation', { date: dateOf(data.session.lastSeen) }));

  const counts = new Map<string, number>();
  let unavailable = false;
  for (const described of Object.values(data.holders)) {
    if (isUnavailable(described)) {
      unavailable = true;
      continue;
    }
    for (const key of SUMMARY_COUNTS) {
      const value = described[key];
      if (typeof value === 'number' && Number.isFinite(value) && value > 0) counts.set(key, (counts.get(key) ?? 0) + value);
    }
  }
  for (const key of SUMMARY_COUNTS) {
    const count = counts.get(key);
    if (count) lines.push(t(`privacy:see.counts.${key}`, { count }));
  }

  const kept = lines.length > 0 || data.userState !== undefined || data.conversationState !== undefined;
  if (kept && lines.length === 0) lines.push(t('privacy:see.technical'));
  const body = kept
    ? [t('privacy:see.title'), ...lines.map((line, i) => `${i + 1}. ${line}`)]
    : [t('privacy:see.nothing')];
  if (unavailable) body.push(t('privacy:see.unavailable'));
  if (kept) {
    body.push(
      profile.consent?.given
        ? t('privacy:see.retention', { count: settings.retentionDays })
        : t('privacy:see.retentionSession', { count: settings.sessionHours }),
    );
  }
  return body.join('\n');
}

function isUnavailable(described: Record<string, unknown> | UnavailableHolder): described is UnavailableHolder {
  return (described as Partial<UnavailableHolder>).unavailable === true;
}
