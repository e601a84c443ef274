using HomeTelco.Core.Users;

namespace HomeTelco.Core.Tests.Users;

public class PasswordHasherTests
{
    [Fact]
    public void Hash_SamePasswordTwice_DifferentSaltsBothVerify()
    {
        var a = PasswordHasher.Hash("correct horse battery");
        var b = PasswordHasher.Hash("correct horse battery");

        Assert.NotEqual(a, b);
        Assert.StartsWith("pbkdf2-sha512$210000$", a, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("correct horse battery", a));
        Assert.True(PasswordHasher.Verify("correct horse battery", b));
        Assert.False(PasswordHasher.Verify("correct horse batterz", a));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha512$x$AAAA$AAAA")]
    [InlineData("pbkdf2-sha512$1000$!!!$AAAA")]
    [InlineData("pbkdf2-sha512$999999999$AAAA$AAAA")]
    [InlineData("md5$1$AAAA$AAAA")]
    public void Verify_MalformedHash_FalseNotThrow(string encoded)
    {
        Assert.False(PasswordHasher.Verify("anything at all", encoded));
    }
}
