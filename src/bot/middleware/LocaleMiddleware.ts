import type { Activity, Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import { DEFAULT_LANGUAGE, matchLanguage } from '../../i18n/languages';
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
    // such as the try-it page can set the text direction.
    context.onSendActivities(async (ctx, activities, sendNext) => {
      const { lng } = getTurnLocale(ctx);
      for (const activity of activities) activity.locale = lng;
      return sendNext();
    });
    await next();
  }
}
