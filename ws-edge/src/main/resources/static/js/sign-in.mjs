// The sign-in dialog: paste a token, or, when the edge runs in demo mode (local stack), pick a demo
// agency. A modal <dialog> keeps focus inside until the console has a token.

import { fetchDemoTokens, tokenProblem } from './auth.mjs';
import { h } from './dom.mjs';

export class SignInDialog {
  constructor({ dialog, form, input, reason, demoBox, demoButtons, onToken }) {
    this.dialog = dialog;
    this.form = form;
    this.input = input;
    this.reason = reason;
    this.demoBox = demoBox;
    this.demoButtons = demoButtons;
    this.onToken = onToken;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit(this.input.value.trim());
    });
    // Escape must not leave a console with no sign-in and nothing on screen to do.
    dialog.addEventListener('cancel', (e) => e.preventDefault());
  }

  async open(reason = '') {
    this.reason.textContent = reason;
    this.input.value = '';
    if (!this.dialog.open) this.dialog.showModal();
    this.input.focus();
    const demo = await fetchDemoTokens(fetch);
    this.demoButtons.replaceChildren(...demo.map((t) => h('button', {
      type: 'button',
      class: 'button-quiet',
      'data-agency': t.agency_id,
      onclick: () => this.submit(t.token),
    }, `${t.label} (${t.roles.join(', ') || 'no role'})`)));
    this.demoBox.hidden = demo.length === 0;
  }

  submit(token) {
    const problem = tokenProblem(token, Date.now());
    if (problem) {
      this.reason.textContent = problem;
      this.input.focus();
      return;
    }
    this.input.value = '';
    this.dialog.close();
    this.onToken(token);
  }
}
