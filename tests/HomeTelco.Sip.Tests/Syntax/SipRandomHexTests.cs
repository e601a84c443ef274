using HomeTelco.Sip.Syntax;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Tests.Syntax;

public sealed class SipRandomHexTests
{
    [Fact]
    public void Create_ManyTokens_AllDistinctSixteenHexDigits()
    {
        // Past several 512-byte blocks, so a refill that repeated a block would show.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 1000; i++)
        {
            var token = SipRandomHex.Create();
            Assert.Matches("^[0-9a-f]{16}$", token);
            Assert.True(seen.Add(token), $"token {token} repeated at {i}");
        }
    }

    [Fact]
    public void Create_WithPrefix_PrefixThenSixteenHexDigits()
    {
        var branch = SipBranch.New();

        Assert.Matches("^z9hG4bK[0-9a-f]{16}$", branch);
        Assert.NotEqual(branch, SipBranch.New());
    }

    [Fact]
    public async Task Create_OnSeveralThreads_NoTokenRepeats()
    {
        var tokens = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Enumerable.Range(0, 500).Select(_ => SipRandomHex.Create()).ToArray())));

        var all = tokens.SelectMany(t => t).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }
}
