import type { StatePropertyAccessor, Storage } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import type { ConsentDialog } from '../../dialogs/ConsentDialog';
import type { PrivacyDialog } from '../../dialogs/PrivacyDialog';
import { CourseFinderDialog, CourseFinderDialogIds } from '../../dialogs/CourseFinderDialog';
import { EmployerSchemesDialog, EmployerSchemesDialogIds } from '../../dialogs/EmployerSchemesDialog';
import { InternshipsDialog, InternshipsDialogIds } from '../../dialogs/InternshipsDialog';
import { LanguageDialog } from '../../dialogs/LanguageDialog';
import { OfferInternshipDialog, OfferInternshipDialogIds } from '../../dialogs/OfferInternshipDialog';
import { MainDialog, type FreeTextUnderstanding, type TopicRoutes } from '../../dialogs/MainDialog';
import { RecognitionDialog, RecognitionDialogIds } from '../../dialogs/RecognitionDialog';
import { loadCourses } from '../content/loadCourses';
import { loadRecognitionCatalog } from '../content/loadRecognition';
import { loadSchemes } from '../content/loadSchemes';
import type { OfferRepository } from '../internships/OfferRepository';
import type { Handoff } from '../handoff/HandoffRequest';
import type { UserProfile } from './UserProfile';

/**
 * The dialogs and the menu's routes to them, over the content in data/ (read and validated once, here, at start-up:
 * a broken data file stops the bot before anyone talks to it).
 */
export function createMainDialog(deps: {
  i18n: I18n;
  profile: StatePropertyAccessor<UserProfile>;
  handoff: Handoff;
  offers: OfferRepository;
  privacyDialogs?: { consent: ConsentDialog; privacy: PrivacyDialog };
  nlu?: FreeTextUnderstanding;
}): MainDialog {
  const { i18n, profile, handoff, offers } = deps;
  const schemes = loadSchemes();
  const topicDialogs = [
    new RecognitionDialog(loadRecognitionCatalog(), handoff),
    new CourseFinderDialog(loadCourses().programmes, handoff),
    new InternshipsDialog(schemes, offers, handoff),
    new EmployerSchemesDialog(schemes),
    new OfferInternshipDialog(offers),
  ];
  const withCity = (p: UserProfile): object => (p.city ? { city: p.city } : {});
  const routes: TopicRoutes = {
    recognition: { dialogId: RecognitionDialogIds.dialog, options: withCity },
    courses: { dialogId: CourseFinderDialogIds.main, options: (p) => ({ audience: 'newcomer', ...(p.city ? { city: p.city } : {}) }) },
    languageAtWork: { dialogId: CourseFinderDialogIds.main, options: (p) => ({ audience: 'employer', ...(p.city ? { city: p.city } : {}) }) },
    internships: { dialogId: InternshipsDialogIds.dialog, options: withCity },
    schemes: { dialogId: EmployerSchemesDialogIds.dialog, options: withCity },
    offer: { dialogId: OfferInternshipDialogIds.dialog, options: (p) => ({ start: 'menu', ...withCity(p) }) },
  };
  return new MainDialog(profile, new LanguageDialog(i18n, profile), handoff, topicDialogs, routes, deps.privacyDialogs, deps.nlu);
}
