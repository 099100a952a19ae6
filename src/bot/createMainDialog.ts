import type { StatePropertyAccessor } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import { CourseFinderDialog, CourseFinderDialogIds } from '../../dialogs/CourseFinderDialog';
import { LanguageDialog } from '../../dialogs/LanguageDialog';
import { MainDialog, type TopicRoutes } from '../../dialogs/MainDialog';
import { RecognitionDialog, RecognitionDialogIds } from '../../dialogs/RecognitionDialog';
import { loadCourses } from '../content/loadCourses';
import { loadRecognitionCatalog } from '../content/loadRecognition';
import type { Handoff } from '../handoff/HandoffRequest';
import type { UserProfile } from './UserProfile';

/**
 * The dialogs and the menu's routes to them, over the content in data/ (read and validated once, here, at start-up:
 * a broken data file stops the bot before anyone talks to it).
 */
export function createMainDialog(deps: { i18n: I18n; profile: StatePropertyAccessor<UserProfile>; handoff: Handoff }): MainDialog {
  const { i18n, profile, handoff } = deps;
  const topicDialogs = [
    new RecognitionDialog(loadRecognitionCatalog(), handoff),
    new CourseFinderDialog(loadCourses().programmes, handoff),
  ];
  const routes: TopicRoutes = {
    recognition: { dialogId: RecognitionDialogIds.dialog, options: (p) => (p.city ? { city: p.city } : {}) },
    courses: { dialogId: CourseFinderDialogIds.main, options: (p) => ({ audience: 'newcomer', ...(p.city ? { city: p.city } : {}) }) },
    languageAtWork: { dialogId: CourseFinderDialogIds.main, options: (p) => ({ audience: 'employer', ...(p.city ? { city: p.city } : {}) }) },
  };
  return new MainDialog(profile, new LanguageDialog(i18n, profile), handoff, topicDialogs, routes);
}
