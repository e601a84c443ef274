using HomeTelco.Media.Streaming;

namespace HomeTelco.Media.Tests.Streaming;

/// <summary>One 30 s 1080p H.264/AAC source shared by the HLS tests (made once: encoding costs the shared cores).</summary>
public sealed class SourceFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public string Path => _folder.File("source-1080p.mp4");

    public SourceFacts Facts { get; } = new(TimeSpan.FromSeconds(30), "mov,mp4,m4a,3gp,3g2,mj2", "h264", 1920, 1080, 4_000_000, 25, "aac", 1);

    public Task InitializeAsync() => MediaTools.MakeSourceAsync(Path, 30);

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
