namespace HomeTelco.Media.Tests.Streaming;

/// <summary>
/// Test classes that run ffmpeg share one collection, so they run one after another: each can then assert
/// that no ffmpeg child of the test process is left, and the shared cores are not oversubscribed.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FfmpegTestGroup
{
    public const string Name = "ffmpeg";
}
