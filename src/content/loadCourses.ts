import fs from 'node:fs';
import path from 'node:path';
import { parseCourseData, type CourseProgramme, type CourseSession } from './coursesSchema';
import { dataDir } from './dataDir';

/** The language-course content, validated: what the course finder is given. */
export interface CourseContent {
  programmes: readonly CourseProgramme[];
  sessions: readonly CourseSession[];
}

/** The course files could not be read or do not match the schema. The message names the file, never its content. */
export class CourseDataError extends Error {
  override readonly name = 'CourseDataError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

const loaded = new Map<string, CourseContent>();

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new CourseDataError(`could not read ${file}`, { cause: error });
  }
}

/**
 * Reads data/courses/programmes.json and sessions.json (sessions are optional) and validates them together, once per
 * folder for the life of the process: the content changes when the city edits it and restarts the bot.
 */
export function loadCourses(root: string = dataDir()): CourseContent {
  const dir = path.resolve(root, 'courses');
  const cached = loaded.get(dir);
  if (cached !== undefined) return cached;
  const programmesFile = path.join(dir, 'programmes.json');
  const sessionsFile = path.join(dir, 'sessions.json');
  const rawProgrammes = readJson(programmesFile);
  const rawSessions = fs.existsSync(sessionsFile) ? readJson(sessionsFile) : [];
  let content: CourseContent;
  try {
    content = parseCourseData(rawProgrammes, rawSessions);
  } catch (error) {
    throw new CourseDataError(`the course content in ${dir} does not match the schema`, { cause: error });
  }
  Object.freeze(content.programmes);
  Object.freeze(content.sessions);
  loaded.set(dir, content);
  return content;
}
