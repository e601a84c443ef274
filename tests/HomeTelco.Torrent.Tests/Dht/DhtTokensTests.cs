using System.Net;
using HomeTelco.Torrent.Dht;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Torrent.Tests.Dht;

public sealed class DhtTokensTests
{
    private static readonly IPAddress Asker = IPAddress.Parse("10.1.2.3");

    [Fact]
    public void A_token_is_good_for_the_address_it_was_given_to_for_at_least_five_and_at_most_ten_minutes()
    {
        var time = new FakeTimeProvider();
        var tokens = new DhtTokens(time);
        var token = tokens.Issue(Asker);

        Assert.True(tokens.IsValid(Asker, token));
        Assert.False(tokens.IsValid(IPAddress.Parse("10.1.2.4"), token));

        time.Advance(TimeSpan.FromMinutes(6));
        Assert.True(tokens.IsValid(Asker, token));

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(tokens.IsValid(Asker, token));
    }

    [Fact]
    public void Tokens_of_the_wrong_length_or_forged_bytes_are_refused()
    {
        var tokens = new DhtTokens(new FakeTimeProvider());
        var token = tokens.Issue(Asker);
        token[0] ^= 1;
        Assert.False(tokens.IsValid(Asker, token));
        Assert.False(tokens.IsValid(Asker, []));
        Assert.False(tokens.IsValid(Asker, new byte[20]));
    }
}
