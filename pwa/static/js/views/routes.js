// Which view each route shows.
import { feedbackView } from './feedback.js';
import { editView, historyView } from './history.js';
import { lessonForm, lessonHome } from './lesson.js';
import { calendarView } from './office/calendar.js';
import { importsView } from './office/imports.js';
import { officeHome } from './office/index.js';
import { rubricList } from './office/rubrics.js';
import { fixView, outboxView } from './outbox.js';
import { patrolForm, patrolHome } from './patrol.js';
import { noticeView } from './notices.js';
import { notificationsView } from './notifications.js';
import { weeklyView } from './office/weekly.js';
import { reportsView } from './reports.js';
import { t } from '../strings.js';

// Office-only screens outside the app shell, fetched when first opened (backend/pwa.py).
function onDemand(path, name) {
  return async (params) => {
    let module;
    try {
      module = await import(`../office-only/${path}`);
    } catch {
      throw new Error(t.office.screenUnavailable);
    }
    return module[name](params);
  };
}

export function registerRoutes(route) {
  route('/patrol', patrolHome);
  route('/patrol/:slot', patrolForm);
  route('/lesson', lessonHome);
  route('/lesson/:kind/:id', lessonForm);
  route('/outbox', outboxView);
  route('/outbox/:uuid', fixView);
  route('/history', historyView);
  route('/edit/:id', editView);
  route('/feedback', feedbackView);
  route('/office', officeHome);
  route('/office/imports', importsView);
  route('/office/calendar', calendarView);
  route('/office/rubrics', rubricList);
  route('/office/rubrics/:id', onDemand('rubric-editor.js', 'rubricEditor'));
  route('/office/weekly', weeklyView);
  route('/office/settings', onDemand('settings.js', 'settingsView'));
  route('/office/records', onDemand('records.js', 'recordsView'));
  route('/office/records/:id', onDemand('records.js', 'recordView'));
  route('/notices/:id', noticeView);
  route('/notifications', notificationsView);
  route('/reports', reportsView);
}
