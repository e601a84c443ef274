using HomeTelco.Core.Users;

namespace HomeTelco.Core.Tests.Security;

public class ApiTokenServiceTests
{
    [Fact]
    public void Create_ThenAuthenticate_ReturnsOwnerAndStoresNoSecret()
    {
        using var box = new Services();
        box.Users.Add("anna", "correct horse battery", UserRole.Admin);

        var (record, token) = box.Tokens.Create("anna", "backup script");

        Assert.StartsWith($"ht_{record.Id}_", token, StringComparison.Ordinal);
        Assert.Equal("anna", box.Tokens.Authenticate(token)!.Name);
        Assert.DoesNotContain(token.Split('_')[2], record.SecretHash, StringComparison.Ordinal);
        Assert.NotNull(box.Tokens.List().Single().LastUsedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ht_")]
    [InlineData("ht__")]
    [InlineData("Bearer something")]
    [InlineData("ht_nosuchid_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Authenticate_MalformedOrUnknown_Null(string presented)
    {
        using var box = new Services();
        box.Users.Add("anna", "correct horse battery", UserRole.Admin);
        box.Tokens.Create("anna", "x");

        Assert.Null(box.Tokens.Authenticate(presented));
    }

    [Fact]
    public void Authenticate_SecretAlteredOrRevoked_Null()
    {
        using var box = new Services();
        box.Users.Add("anna", "correct horse battery", UserRole.Admin);
        var (record, token) = box.Tokens.Create("anna", "x");
        var altered = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

        Assert.Null(box.Tokens.Authenticate(altered));
        Assert.True(box.Tokens.Revoke(record.Id));
        Assert.Null(box.Tokens.Authenticate(token));
    }

    [Fact]
    public void Revoke_SomeoneElsesTokenAsMember_Refused()
    {
        using var box = new Services();
        var anna = box.Users.Add("anna", "correct horse battery", UserRole.Admin);
        var ben = box.Users.Add("ben", "another long secret", UserRole.Member);
        var (record, token) = box.Tokens.Create("anna", "x");

        Assert.False(box.Tokens.Revoke(record.Id, ownerId: ben.Id));
        Assert.NotNull(box.Tokens.Authenticate(token));
        Assert.True(box.Tokens.Revoke(record.Id, ownerId: anna.Id));
    }
}
