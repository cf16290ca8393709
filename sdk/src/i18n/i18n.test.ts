import { expect } from '@open-wc/testing';
// The results chunk adds the English result texts ("1 vote") to the defaults, as in the widget.
import '../components/vote-poll/results.js';
import { Translator, addStrings, isLanguageReady, loadLanguage, pickLanguage } from './i18n.js';

describe('i18n', () => {
  it('picks the tag, then its base language, then English', () => {
    expect(pickLanguage('fr-CA')).to.equal('fr');
    expect(pickLanguage('DE')).to.equal('de');
    expect(pickLanguage('ja')).to.equal('en');
    addStrings('ja', { vote: '投票' });
    expect(pickLanguage('ja-JP')).to.equal('ja');
  });

  it('loads each built-in language on demand', async () => {
    for (const lang of ['fr', 'de', 'es']) {
      await loadLanguage(lang);
      expect(isLanguageReady(lang)).to.equal(true);
    }
    expect(new Translator('fr').t('vote')).to.equal('Voter');
    expect(new Translator('de').t('vote')).to.equal('Abstimmen');
    expect(new Translator('es').t('vote')).to.equal('Votar');
  });

  it('fills in values, picks singular or plural, and formats numbers for the language', async () => {
    if (!isLanguageReady('de')) await loadLanguage('de');
    const en = new Translator('en');
    expect(en.t('votes', { n: 1 })).to.equal('1 vote');
    expect(en.t('votes', { n: 1234 })).to.equal('1,234 votes');
    expect(en.pct(33.333)).to.equal('33.3%');
    const de = new Translator('de');
    expect(de.t('votes', { n: 1234 })).to.equal('1.234 Stimmen');
    expect(de.pct(50)).to.equal(new Intl.NumberFormat('de', { style: 'percent' }).format(0.5));
  });

  it('a partial language falls back to English per key, with English plural rules', () => {
    addStrings('pt', { vote: 'Votar', voters: '{n} votante|{n} votantes' });
    const pt = new Translator('pt-BR');
    expect(pt.t('vote')).to.equal('Votar');
    // Portuguese counts 0 as "one": its own strings use its rules, the English fallback English ones.
    expect(pt.t('voters', { n: 0 })).to.equal('0 votante');
    expect(pt.t('votes', { n: 0 })).to.equal('0 votes');
    expect(pt.t('votes', { n: 1 })).to.equal('1 vote');
  });

  it('lets overrides win, maps error codes, and survives an invalid language tag', () => {
    expect(new Translator('en', { vote: 'Go' }).t('vote')).to.equal('Go');
    expect(new Translator('en').error('poll_not_found')).to.equal('This poll does not exist.');
    expect(new Translator('en').error('poll_closed')).to.equal('This poll is closed.');
    expect(new Translator('en').error('something_new')).to.equal('Something went wrong.');
    expect(new Translator('not a tag!').num(1000)).to.equal('1,000');
  });
});
