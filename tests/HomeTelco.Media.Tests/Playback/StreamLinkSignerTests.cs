using System.Globalization;
using HomeTelco.Core;
using HomeTelco.Media.Playback;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Media.Tests.Playback;

public sealed class StreamLinkSignerTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T12:00:00Z", CultureInfo.InvariantCulture));

    [Fact]
    public void Verify_AcceptsTheLink_UntilItExpires()
    {
        var signer = StreamLinkSigner.ForBox(new BoxPaths(_data.Path), _time);
        var query = Parse(signer.Sign("item:7", "alice", TimeSpan.FromHours(1)));

        Assert.Equal("alice", signer.Verify("item:7", query["u"], query["exp"], query["sig"]));
        _time.Advance(TimeSpan.FromMinutes(61));
        Assert.Null(signer.Verify("item:7", query["u"], query["exp"], query["sig"]));
    }

    [Fact]
    public void Verify_RefusesTamperedLinks()
    {
        var signer = StreamLinkSigner.ForBox(new BoxPaths(_data.Path), _time);
        var q = Parse(signer.Sign("item:7", "alice", TimeSpan.FromHours(1)));
        var later = (long.Parse(q["exp"], CultureInfo.InvariantCulture) + 3600).ToString(CultureInfo.InvariantCulture);

        Assert.Null(signer.Verify("item:8", q["u"], q["exp"], q["sig"]));
        Assert.Null(signer.Verify("item:7", "bob", q["exp"], q["sig"]));
        Assert.Null(signer.Verify("item:7", q["u"], later, q["sig"]));
        // The first character is changed: every bit of it counts, where the last one's low bits are padding, and a
        // fixed replacement could equal the random signature's own ending (1 run in 4,096 failed that way).
        Assert.Null(signer.Verify("item:7", q["u"], q["exp"], (q["sig"][0] == 'A' ? "B" : "A") + q["sig"][1..]));
        Assert.Null(signer.Verify("item:7", q["u"], q["exp"], null));
        Assert.Null(signer.Verify("item:7", q["u"], "-5", q["sig"]));
    }

    [Fact]
    public void ForBox_KeepsOneKey_PrivateToTheBoxUser()
    {
        var paths = new BoxPaths(_data.Path);
        var link = StreamLinkSigner.ForBox(paths, _time).Sign("live:a", "alice", TimeSpan.FromHours(1));
        var again = Parse(link);

        Assert.Equal("alice", StreamLinkSigner.ForBox(paths, _time).Verify("live:a", again["u"], again["exp"], again["sig"]));
        var mode = File.GetUnixFileMode(Path.Combine(paths.KeysDir, StreamLinkSigner.KeyFileName));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Null(StreamLinkSigner.ForBox(new BoxPaths(_data.File("other")), _time).Verify("live:a", again["u"], again["exp"], again["sig"]));
    }

    public void Dispose() => _data.Dispose();

    private static Dictionary<string, string> Parse(string query) =>
        query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
}
