using PostPurchase.Messaging.Sms;

namespace PostPurchase.Messaging.Tests.FieldInputs;

public class SmsKeywordTests
{
    [Theory]
    [InlineData("STOP.")]
    [InlineData("Stop please")]
    [InlineData("ARRET")]
    [InlineData("Arrêt")]
    [InlineData("  stop 🛑")]
    [InlineData("🛑 STOP")]
    [InlineData("stop!!!")]
    [InlineData("\"Stop\"")]
    [InlineData("Opt out")]
    [InlineData("OptOut")]
    [InlineData("stop all")]
    [InlineData("REVOKE")]
    [InlineData("unsubscribe me")]
    [InlineData("Baja")]
    [InlineData("PARAR por favor")]
    [InlineData("Stopp!")]
    [InlineData("abmelden")]
    [InlineData("Sair")]
    [InlineData("Basta, grazie")]
    [InlineData("disiscrivimi")]
    [InlineData("ＳＴＯＰ")] // full-width letters from some keyboards
    public void Opt_out_keywords_alone_or_opening_the_message_opt_out(string body) =>
        Assert.Equal(SmsKeyword.OptOut, SmsKeywords.Classify(body).Kind);

    [Theory]
    [InlineData("Don't stop the deals!")]
    [InlineData("Please stop")]
    [InlineData("I said stop")]
    [InlineData("Stopping by the shop later")]
    [InlineData("Thanks, love it")]
    [InlineData("")]
    [InlineData("🛑")]
    public void Keywords_in_the_middle_of_a_sentence_or_no_keyword_do_nothing(string body) =>
        Assert.Equal(SmsKeyword.None, SmsKeywords.Classify(body).Kind);

    [Theory]
    [InlineData("START", SmsKeyword.OptIn)]
    [InlineData("yes!", SmsKeyword.OptIn)]
    [InlineData("Unstop", SmsKeyword.OptIn)]
    [InlineData("Yes I loved it", SmsKeyword.None)] // consent must be unambiguous
    [InlineData("HELP", SmsKeyword.Help)]
    [InlineData("info?", SmsKeyword.Help)]
    [InlineData("Aide", SmsKeyword.Help)]
    [InlineData("ayuda por favor", SmsKeyword.Help)]
    [InlineData("Hilfe", SmsKeyword.Help)]
    public void Opt_in_only_alone_and_help_alone_or_opening(string body, SmsKeyword expected) =>
        Assert.Equal(expected, SmsKeywords.Classify(body).Kind);

    [Fact]
    public void The_canonical_word_has_no_accents() => Assert.Equal("ARRET", SmsKeywords.Classify("arrêt").Word);
}
