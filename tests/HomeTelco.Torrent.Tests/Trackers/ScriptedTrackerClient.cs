using System.Net;
using HomeTelco.Torrent.Trackers;

namespace HomeTelco.Torrent.Tests.Trackers;

/// <summary>
/// A tracker for tests of the tracker set's logic (tiers, events, schedule): it records each request and answers
/// from a switch the test flips. The network clients have their own tests against sockets and opentracker.
/// </summary>
internal sealed class ScriptedTrackerClient(string name) : ITrackerClient
{
    private readonly List<AnnounceRequest> _requests = [];
    private readonly Lock _requestsLock = new();

    public Uri Uri { get; } = new($"http://{name}.test/announce");

    public bool Answers { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan? MinInterval { get; set; }

    public string? TrackerIdToGive { get; set; }

    public IReadOnlyList<IPEndPoint> PeersToGive { get; set; } = [];

    /// <summary>When set, announces wait on it: a tracker that hangs.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public IReadOnlyList<AnnounceRequest> Requests
    {
        get
        {
            lock (_requestsLock)
            {
                return [.. _requests];
            }
        }
    }

    public async Task<TrackerResult<AnnounceResponse>> AnnounceAsync(AnnounceRequest request, CancellationToken cancellationToken)
    {
        lock (_requestsLock)
        {
            _requests.Add(request);
        }

        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        return Answers
            ? TrackerResult<AnnounceResponse>.Success(new AnnounceResponse { Interval = Interval, MinInterval = MinInterval, Peers = PeersToGive, TrackerId = TrackerIdToGive })
            : TrackerResult<AnnounceResponse>.Fail(TrackerFailureKind.Unreachable, "scripted to fail");
    }

    public Task<TrackerResult<IReadOnlyList<ScrapeEntry>>> ScrapeAsync(IReadOnlyList<InfoHash> infoHashes, CancellationToken cancellationToken) =>
        Task.FromResult(TrackerResult<IReadOnlyList<ScrapeEntry>>.Fail(TrackerFailureKind.NotSupported, "scripted"));

    public override string ToString() => Uri.Host;
}
