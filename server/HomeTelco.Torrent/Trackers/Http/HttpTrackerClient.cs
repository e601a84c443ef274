using System.Buffers;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.Torrent.Trackers.Http;

/// <summary>
/// An HTTP or HTTPS tracker (BEP 3, BEP 23). The <see cref="HttpClient"/> is given (the host owns its handler and
/// lifetime); this class adds the timeout on the <see cref="TimeProvider"/> and the response-size limit, and turns
/// every network or format problem into a <see cref="TrackerResult{T}"/>.
/// </summary>
internal sealed class HttpTrackerClient : ITrackerClient
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly HttpTrackerOptions _options;
    private readonly ILogger _logger;

    public HttpTrackerClient(Uri uri, HttpClient http, TimeProvider time, HttpTrackerOptions? options = null, ILogger? logger = null)
    {
        if (!string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("An HTTP tracker URL starts with http:// or https://", nameof(uri));
        }

        Uri = uri;
        _http = http;
        _time = time;
        _options = options ?? HttpTrackerOptions.Default;
        _logger = logger ?? NullLogger.Instance;
    }

    public Uri Uri { get; }

    public async Task<TrackerResult<AnnounceResponse>> AnnounceAsync(AnnounceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, failure) = await GetAsync(HttpTrackerUrl.Announce(Uri, request), cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return TrackerResult<AnnounceResponse>.Fail(failure.Value.Kind, failure.Value.Reason);
        }

        var result = HttpTrackerResponses.ReadAnnounce(body, _options.MaxPeers);
        if (result.Value?.WarningMessage is { } warning)
        {
            Log.TrackerWarning(_logger, Uri, warning);
        }

        return result;
    }

    public async Task<TrackerResult<IReadOnlyList<ScrapeEntry>>> ScrapeAsync(IReadOnlyList<InfoHash> infoHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(infoHashes);
        var url = HttpTrackerUrl.Scrape(Uri, infoHashes);
        if (url is null)
        {
            return TrackerResult<IReadOnlyList<ScrapeEntry>>.Fail(TrackerFailureKind.NotSupported, "the announce URL does not end in \"announce\", so there is no scrape URL");
        }

        var (body, failure) = await GetAsync(url, cancellationToken).ConfigureAwait(false);
        return failure is null
            ? HttpTrackerResponses.ReadScrape(body, infoHashes)
            : TrackerResult<IReadOnlyList<ScrapeEntry>>.Fail(failure.Value.Kind, failure.Value.Reason);
    }

    private async Task<(ReadOnlyMemory<byte> Body, (TrackerFailureKind Kind, string Reason)? Failure)> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        // A request that got no answer (refused, reset, or a reply that is not HTTP) is tried once more at once: a
        // tracker under load drops the odd connection, and the next announce would otherwise be an interval away.
        // HttpClient itself retries only a connection closed before any answer. Asking twice is harmless; a tracker
        // keys its swarm on the peer id.
        var (body, failure, noAnswer) = await GetOnceAsync(url, cancellationToken).ConfigureAwait(false);
        if (noAnswer)
        {
            (body, failure, _) = await GetOnceAsync(url, cancellationToken).ConfigureAwait(false);
        }

        return (body, failure);
    }

    private async Task<(ReadOnlyMemory<byte> Body, (TrackerFailureKind Kind, string Reason)? Failure, bool NoAnswer)> GetOnceAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("HomeTelco", "1.0"));

            // Trackers (opentracker among them) close the connection after answering without saying so; a pooled
            // connection would then fail the next announce at random. Announces are minutes apart: no reuse.
            request.Headers.ConnectionClose = true;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength > _options.MaxResponseBytes)
            {
                return (default, (TrackerFailureKind.BadResponse, $"the answer is {response.Content.Headers.ContentLength} bytes, over the {_options.MaxResponseBytes} allowed"), false);
            }

            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var body = await ReadLimitedAsync(stream, linked.Token).ConfigureAwait(false);
                if (body is null)
                {
                    return (default, (TrackerFailureKind.BadResponse, $"the answer is over the {_options.MaxResponseBytes} bytes allowed"), false);
                }

                // Some trackers send their "failure reason" with a 4xx status: let the body speak when it is bencode.
                if (!response.IsSuccessStatusCode && (body.Length == 0 || body[0] != (byte)'d'))
                {
                    return (default, (TrackerFailureKind.Unreachable, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}"), false);
                }

                return (body, null, false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (default, (TrackerFailureKind.Unreachable, $"no answer within {_options.Timeout.TotalSeconds} s"), false);
        }
        catch (HttpRequestException ex)
        {
            // Thrown before any answer arrived (the headers are read inside SendAsync); the inner exception says why.
            var reason = ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{ex.Message} ({inner.Message})" : ex.Message;
            return (default, (TrackerFailureKind.Unreachable, reason), true);
        }
        catch (IOException ex)
        {
            return (default, (TrackerFailureKind.Unreachable, ex.Message), false);
        }
    }

    /// <summary>The whole body, or null as soon as it passes the limit (the rest is never read).</summary>
    private async Task<byte[]?> ReadLimitedAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > _options.MaxResponseBytes)
            {
                return null;
            }
        }
    }
}
