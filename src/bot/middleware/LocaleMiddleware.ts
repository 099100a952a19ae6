import type { Activity, Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import { DEFAULT_LANGUAGE, matchLanguage } from '../../i18n/languages';
import { isolateLtrRuns } from '../../i18n/bidi';
import { CHANNEL_TEXT_LIMITS, splitMessage } from '../splitMessage';
import { getTurnLocale, setTurnLocale } from '../turnLocale';
import { readProfile, type UserProfile } from '../UserProfile';

/** Teams sends the client's locale in a clientInfo entity as well as (sometimes instead of) activity.locale. */
function channelLocale(activity: Partial<Activity>): string | undefined {
  if (typeof activity.locale === 'string' && activity.locale !== '') return activity.locale;
  const clientInfo = activity.entities?.find((entity) => entity.type === 'clientInfo');
  const locale: unknown = clientInfo?.['locale'];
  return typeof locale === 'string' ? locale : undefined;
}

/**
 * Chooses the language of the turn: the person's own choice, then the channel's locale, then English; and gives the
 * turn a translator fixed to it.
 */
export class LocaleMiddleware implements Middleware {
  constructor(
    private readonly i18n: I18n,
    private readonly profile: StatePropertyAccessor<UserProfile>,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const profile = await readProfile(this.profile, context);
    const chosen = matchLanguage(profile.language);
    const fromChannel = matchLanguage(channelLocale(context.activity));
    setTurnLocale(context, this.i18n, chosen?.code ?? fromChannel?.code ?? DEFAULT_LANGUAGE);
    // Replies say which language they are in (read at send time: the person may switch during the turn), so clients
    // such as the try-it page can set the text direction; right-to-left texts get their Latin runs isolated; texts
    // longer than the channel takes are split.
    context.onSendActivities(async (ctx, activities, sendNext) => {
      const { lng, rtl } = getTurnLocale(ctx);
      const limit = CHANNEL_TEXT_LIMITS[ctx.activity.channelId ?? ''];
      const out = activities.flatMap((activity) => {
        activity.locale = lng;
        if (activity.type !== 'message' || typeof activity.text !== 'string') return [activity];
        if (rtl) activity.text = isolateLtrRuns(activity.text);
        if (!limit || activity.text.length <= limit) return [activity];
        // Long answers go out in several messages; buttons and cards stay with the last one.
        const pieces = splitMessage(activity.text, limit);
        const { suggestedActions: _actions, attachments: _attachments, ...plain } = activity;
        return pieces.map((text, i) => (i === pieces.length - 1 ? { ...activity, text } : { ...plain, text }));
      });
      activities.splice(0, activities.length, ...out);
      return sendNext();
    });
    await next();
  }
}
