// The "Weekly AI Tool Verdicts" signup form: double opt-in, so success means "check your inbox".
import { api } from "/assets/api.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function attachNewsletter(form, source) {
  const email = form.querySelector("input[type=email]");
  const consent = form.querySelector("input[type=checkbox]");
  const button = form.querySelector("button[type=submit]");
  const message = form.querySelector(".form-message");
  // An error names its field: the field points at the message (aria-describedby) while it is wrong.
  const markInvalid = (field) => {
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", message.id);
  };

  const show = (kind, text) => {
    message.className = `form-message ${kind}`;
    message.textContent = text;
  };

  let sending = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (sending) return;
    for (const field of [email, consent]) {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    }
    const address = email.value.trim();
    if (!EMAIL.test(address)) {
      markInvalid(email);
      show("error", "Please enter an email address such as name@example.com.");
      email.focus();
      return;
    }
    if (!consent.checked) {
      markInvalid(consent);
      show("error", "Please tick the box to agree to receive the newsletter.");
      consent.focus();
      return;
    }
    sending = true;
    button.setAttribute("aria-disabled", "true");
    show("pending", "Signing you up…");
    try {
      await api.subscribe(address, source, true);
      form.reset();
      show("success", "Almost there: check your inbox to confirm your subscription.");
    } catch (error) {
      if (error.status === 400) {
        markInvalid(email);
        const detail = error.problem?.detail ?? "";
        show("error", detail.includes("'email'") || !detail
          ? "That email address doesn't look right. Please check it and try again."
          : `We couldn't sign you up: ${detail}`);
      } else if (error.status === 429) {
        const wait = error.retryAfterSeconds;
        const when = !wait ? "in a little while" : wait < 90 ? `in ${wait} seconds` : `in about ${Math.ceil(wait / 60)} minutes`;
        show("error", `Too many sign-up attempts from your connection. Please try again ${when}.`);
      } else {
        show("error", error.status === 0 ? error.message : "Something went wrong on our side. Please try again shortly.");
      }
    } finally {
      sending = false;
      button.removeAttribute("aria-disabled");
    }
  });
}
