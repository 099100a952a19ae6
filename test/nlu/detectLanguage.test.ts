import { detectLanguage, SWITCH_CONFIDENCE } from '../../src/nlu/detectLanguage';

describe('detectLanguage', () => {
  it.each([
    ['Hello, I need help to find a job', 'en'],
    ['olá, preciso de ajuda com o meu diploma', 'pt'],
    ['curso de português à noite para mim', 'pt'],
    ['ciao, cerco un corso di italiano per il lavoro', 'it'],
    ['hei, haluan oppia suomen kieltä ja etsin töitä', 'fi'],
    ['bonjour, je cherche un cours de français', 'fr'],
    ['hola, necesito ayuda para encontrar trabajo', 'es'],
    ['مرحبا، أريد أن أعمل ممرضة في لشبونة', 'ar'],
    ['ابغى اتكلم مع موظف', 'ar'],
    ['سلام، من پرستار هستم و دنبال کار می‌گردم', 'fa'],
    ['я шукаю стажування', 'uk'],
    ['ሰላም፡ ስራሕ እደሊ ኣለኹ', 'ti'],
  ])('%s → %s, confidently', (text, lng) => {
    const guess = detectLanguage(text);
    expect(guess?.lng).toBe(lng);
    expect(guess?.confidence).toBeGreaterThanOrEqual(SWITCH_CONFIDENCE);
  });

  it.each(['ok', '1', '12345', '👍👍', 'Maria'])('gives no confident guess for %s', (text) => {
    const guess = detectLanguage(text);
    expect(guess === undefined || guess.confidence < SWITCH_CONFIDENCE).toBe(true);
  });
});
