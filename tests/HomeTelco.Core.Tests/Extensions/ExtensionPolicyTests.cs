using HomeTelco.Core.Extensions;

namespace HomeTelco.Core.Tests.Extensions;

public class ExtensionPolicyTests
{
    [Theory]
    [InlineData("10")]
    [InlineData("101")]
    [InlineData("0042")]
    [InlineData("1234567890")]
    public void CheckNumber_TwoToTenAsciiDigits_Accepted(string number)
    {
        Assert.Null(ExtensionPolicy.CheckNumber(number));
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("", "is required")]
    [InlineData("1", "2 to 10 digits")]
    [InlineData("12345678901", "2 to 10 digits")]
    [InlineData("10a", "2 to 10 digits")]
    [InlineData(" 101", "2 to 10 digits")]
    [InlineData("1 01", "2 to 10 digits")]
    [InlineData("+4930", "2 to 10 digits")]
    [InlineData("١٠١", "2 to 10 digits")] // Arabic-Indic digits are digits to char.IsDigit, not to a phone's keypad.
    [InlineData("１０１", "2 to 10 digits")] // Full-width digits.
    public void CheckNumber_NotTwoToTenAsciiDigits_RefusedWithReason(string? number, string reason)
    {
        Assert.Contains(reason, ExtensionPolicy.CheckNumber(number), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Kitchen")]
    [InlineData("Anna's desk ☎")]
    [InlineData("Küche – oben")]
    public void CheckDisplayName_PlainText_Accepted(string? name)
    {
        Assert.Null(ExtensionPolicy.CheckDisplayName(name));
    }

    [Fact]
    public void CheckDisplayName_Length_LimitIsInclusive()
    {
        Assert.Null(ExtensionPolicy.CheckDisplayName(new string('a', ExtensionPolicy.MaxDisplayNameLength)));
        Assert.Contains("at most 64", ExtensionPolicy.CheckDisplayName(new string('a', ExtensionPolicy.MaxDisplayNameLength + 1)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The \"boss\"")]
    [InlineData("back\\slash")]
    [InlineData("two\r\nlines")]
    [InlineData("tab\there")]
    [InlineData("nul\0")]
    [InlineData("evil\u202Egnp.exe")]
    [InlineData("isolate\u2066x\u2069")]
    [InlineData("line\u2028separator")]
    public void CheckDisplayName_CharactersThatBreakHeadersOrSpoof_Refused(string name)
    {
        Assert.Contains("must not contain", ExtensionPolicy.CheckDisplayName(name), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("101", "twelve chars")]
    [InlineData("101", "correct horse battery staple")]
    [InlineData("101", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")]
    [InlineData("101", "in side spaces ok")]
    public void CheckPassword_PrintableAsciiLongEnough_Accepted(string number, string password)
    {
        Assert.Null(ExtensionPolicy.CheckPassword(number, password));
    }

    [Fact]
    public void CheckPassword_Length_BothLimitsInclusive()
    {
        Assert.Null(ExtensionPolicy.CheckPassword("101", new string('x', ExtensionPolicy.MinPasswordLength)));
        Assert.Null(ExtensionPolicy.CheckPassword("101", new string('x', ExtensionPolicy.MaxPasswordLength)));
        Assert.Contains("at least 12", ExtensionPolicy.CheckPassword("101", new string('x', ExtensionPolicy.MinPasswordLength - 1)), StringComparison.Ordinal);
        Assert.Contains("at most 128", ExtensionPolicy.CheckPassword("101", new string('x', ExtensionPolicy.MaxPasswordLength + 1)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("", "is required")]
    [InlineData("short", "at least 12")]
    [InlineData("my-101-password", "must not contain the extension number")]
    [InlineData("pässwort-lang-genug", "printable ASCII")]
    [InlineData("password\twith tab", "printable ASCII")]
    [InlineData("password\nnewline", "printable ASCII")]
    [InlineData(" leading space pw", "start or end with a space")]
    [InlineData("trailing space pw ", "start or end with a space")]
    public void CheckPassword_Weak_RefusedWithReason(string? password, string reason)
    {
        Assert.Contains(reason, ExtensionPolicy.CheckPassword("101", password), StringComparison.Ordinal);
    }
}
