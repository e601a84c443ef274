using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Tests.Transactions;

/// The compact tables' digest keys are equal exactly when the transaction keys are (RFC 3261 §17.1.3, §17.2.3).
public sealed class SipCompactKeyTests
{
    private static SipCompactKey Server(string branch = "z9hG4bK776asdhds", string host = "pc33.atlanta.com", int port = 5060, string method = "INVITE") =>
        SipCompactKey.Of(new SipServerTransactionKey(branch, host, port, method));

    [Fact]
    public void SameServerKey_SameDigest() => Assert.Equal(Server(), Server());

    [Fact]
    public void SentByHost_ComparedWithoutRegardToCase() => Assert.Equal(Server(host: "PC33.Atlanta.COM"), Server());

    [Theory]
    [InlineData("z9hG4bK776ASDHDS", "pc33.atlanta.com", 5060, "INVITE")] // the branch is an opaque token: case counts
    [InlineData("z9hG4bK776asdhds", "pc34.atlanta.com", 5060, "INVITE")]
    [InlineData("z9hG4bK776asdhds", "pc33.atlanta.com", 0, "INVITE")] // no port in the Via is not 5060
    [InlineData("z9hG4bK776asdhds", "pc33.atlanta.com", 5060, "BYE")]
    public void AnyOtherField_DifferentDigest(string branch, string host, int port, string method) =>
        Assert.NotEqual(Server(), Server(branch, host, port, method));

    [Fact]
    public void FieldBoundaries_CannotBeMovedBetweenFields() =>
        Assert.NotEqual(Server(branch: "z9hG4bKab", method: "cINVITE"), Server(branch: "z9hG4bKabc", method: "INVITE"));

    [Fact]
    public void ClientKeys_ByBranchAndMethod_ApartFromServerKeys()
    {
        var invite = SipCompactKey.Of(new SipClientTransactionKey("z9hG4bKnashds8", "INVITE"));

        Assert.Equal(invite, SipCompactKey.Of(new SipClientTransactionKey("z9hG4bKnashds8", "INVITE")));
        Assert.NotEqual(invite, SipCompactKey.Of(new SipClientTransactionKey("z9hG4bKnashds8", "CANCEL")));
        Assert.NotEqual(invite, SipCompactKey.Of(new SipServerTransactionKey("z9hG4bKnashds8", string.Empty, 0, "INVITE")));
    }

    [Fact]
    public void BranchLongerThanTheStackBuffer_DigestedAlikeAndApart()
    {
        var branch = "z9hG4bK" + new string('x', 2000);

        Assert.Equal(Server(branch: branch), Server(branch: branch));
        Assert.NotEqual(Server(branch: branch), Server(branch: branch + "y"));
        Assert.Equal(Server(branch: branch, host: "EXAMPLE.org"), Server(branch: branch, host: "example.ORG"));
    }
}
