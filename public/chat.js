// The try-it page: Web Chat talking to the bot's own Direct Line endpoint. No inline script (the CSP forbids it).
(async function start() {
  const status = document.getElementById('status');
  const RTL = ['ar', 'fa'];
  try {
    const response = await fetch('/api/tryit/token', { method: 'POST' });
    if (!response.ok) throw new Error('the bot did not give a token (' + response.status + ')');
    const { token } = await response.json();
    const directLine = window.WebChat.createDirectLine({
      token,
      domain: window.location.origin + '/v3/directline',
      webSocket: true,
    });
    const chat = document.getElementById('webchat');
    const setLanguage = function setLanguage(lng) {
      chat.lang = lng;
      chat.dir = RTL.includes(lng) ? 'rtl' : 'ltr';
    };
    setLanguage((navigator.language || 'en').slice(0, 2));
    // The bot's messages carry their language: the chat turns right-to-left for Arabic and Farsi.
    directLine.activity$.subscribe(function onActivity(activity) {
      if (activity.from && activity.from.role === 'bot' && activity.locale) setLanguage(String(activity.locale).slice(0, 2));
    });
    window.WebChat.renderWebChat(
      { directLine, locale: navigator.language || 'en', styleOptions: { hideUploadButton: true } },
      chat,
    );
  } catch (error) {
    status.textContent = 'The chat could not start: ' + error.message;
  }
})();
