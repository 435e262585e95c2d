// Sign in, then show which lessons are on now.
import { api, ApiError } from './api.js';

const view = document.getElementById('view');
const who = document.getElementById('who');

function el(tag, attrs = {}, ...children) {
  const node = Object.assign(document.createElement(tag), attrs);
  node.append(...children);
  return node;
}

function showLogin(message = '') {
  const form = el('form', {},
    el('label', { htmlFor: 'login' }, '工号或手机号'),
    el('input', { id: 'login', name: 'login', autocomplete: 'username', required: true }),
    el('label', { htmlFor: 'password' }, '密码'),
    el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    el('p', { className: message ? 'error' : '', role: 'alert' }, message),
    el('button', { type: 'submit' }, '登录'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const me = await api('/auth/login', { method: 'POST', body: { login: form.login.value, password: form.password.value } });
      showLessons(me);
    } catch (error) {
      showLogin(error.message);
    }
  });
  view.replaceChildren(form);
}

function lessonList(block, title) {
  if (!block) return [];
  const { period, lessons } = block;
  return [el('h2', {}, `${title}：${period.label} ${period.starts_at}–${period.ends_at}`),
    ...lessons.map((l) => el('div', { className: 'lesson' },
      el('strong', {}, l.class_group.name), ` ${l.subject} · ${l.teacher.name}`,
      el('div', { className: 'muted' }, l.room || '')))];
}

async function showLessons(me) {
  who.textContent = me.name;
  const now = await api('/lessons/now');
  const heading = now.week ? `第 ${now.week} 周` : '不在学期内';
  const parts = [el('p', { className: 'muted' }, `${now.date} · ${heading}${now.holiday ? ' · ' + now.holiday : ''}`),
    ...lessonList(now.current, '正在上课'), ...lessonList(now.next, '下一节')];
  if (!now.current && !now.next) parts.push(el('p', {}, '现在没有课。'));
  view.replaceChildren(...parts);
}

api('/me').then(showLessons).catch((error) => {
  if (error instanceof ApiError && error.status === 401) showLogin();
  else showLogin(error.message);
});
