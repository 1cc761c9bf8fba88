using Microsoft.Extensions.Configuration;
using PostPurchase.Messaging.Email;

namespace PostPurchase.Messaging.Tests.Smtp;

public sealed class SmtpSettingsTests
{
    private static SmtpSettings Read(params (string Key, string Value)[] values) =>
        SmtpSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void Security_defaults_to_starttls_when_available_and_enable_ssl_stays_an_alias()
    {
        Assert.Equal(SmtpSecurity.StartTlsWhenAvailable, Read().Security);
        Assert.Equal(SmtpSettings.DefaultPoolSize, Read().PoolSize);
        Assert.Equal(SmtpSecurity.StartTls, Read(("Smtp:EnableSsl", "true")).Security);
        Assert.Equal(SmtpSecurity.None, Read(("Smtp:EnableSsl", "false")).Security);
        var implicitTls = Read(("Smtp:Security", "SslOnConnect"));
        Assert.Equal((SmtpSecurity.SslOnConnect, 465), (implicitTls.Security, implicitTls.Port));
        Assert.Equal(32, Read(("Smtp:PoolSize", "32")).PoolSize);
    }

    [Theory]
    [InlineData("Smtp:Security", "Tls", "Smtp__Security")]
    [InlineData("Smtp:PoolSize", "0", "Smtp__PoolSize")]
    [InlineData("Smtp:EnableSsl", "yes", "Smtp__EnableSsl")]
    [InlineData("Smtp:TrustedCertificatePath", "/no/such/ca.pem", "Smtp__TrustedCertificatePath")]
    public void A_bad_setting_stops_start_up_naming_it(string key, string value, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((key, value)));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Security_and_enable_ssl_that_disagree_are_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("Smtp:Security", "SslOnConnect"), ("Smtp:EnableSsl", "false")));
        Assert.Contains("disagree", error.Message);
    }
}
