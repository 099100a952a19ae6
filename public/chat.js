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
    const locale = (navigator.language || 'en').slice(0, 2);
    // The bot's messages carry its language: turn the page right-to-left for Arabic and Farsi.
    directLine.activity$.subscribe(function onActivity(activity) {
      if (activity.from && activity.from.role === 'bot' && activity.locale) {
        const lng = String(activity.locale).slice(0, 2);
        document.documentElement.lang = lng;
        document.documentElement.dir = RTL.includes(lng) ? 'rtl' : 'ltr';
      }
    });
    window.WebChat.renderWebChat(
      { directLine, locale: navigator.language || 'en', styleOptions: { hideUploadButton: true } },
      document.getElementById('webchat'),
    );
    document.documentElement.dir = RTL.includes(locale) ? 'rtl' : 'ltr';
  } catch (error) {
    status.textContent = 'The chat could not start: ' + error.message;
  }
})();
