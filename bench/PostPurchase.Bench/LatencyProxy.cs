using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

/// <summary>
/// A loopback TCP proxy that adds a round-trip time: every chunk read on one side is written to the other side half
/// the RTT after it was read, in order, so a request/answer pair costs one RTT more than on loopback while bandwidth
/// and pipelining are untouched (what a hosted mail provider costs).
/// </summary>
public sealed class LatencyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly TimeSpan _oneWay;
    private readonly Task _acceptLoop;

    public LatencyProxy(string upstreamHost, int upstreamPort, TimeSpan roundTrip)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _oneWay = roundTrip / 2;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public string Host => "127.0.0.1";
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(_upstreamHost, _upstreamPort, _stop.Token);
            using var session = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = PumpAsync(client.GetStream(), upstream.GetStream(), session.Token);
            var down = PumpAsync(upstream.GetStream(), client.GetStream(), session.Token);
            await Task.WhenAny(up, down);
            await session.CancelAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Reads chunks as they come and writes each one <see cref="_oneWay"/> after it was read.</summary>
    private async Task PumpAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var chunks = Channel.CreateUnbounded<(long Due, byte[] Bytes)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writer = Task.Run(async () =>
        {
            await foreach (var (due, bytes) in chunks.Reader.ReadAllAsync(cancellationToken))
            {
                var wait = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), due);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
                await to.WriteAsync(bytes, cancellationToken);
            }

            to.Close(); // the other side closed: pass it on once everything before it arrived
        }, cancellationToken);
        try
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                var due = TimeProvider.System.GetTimestamp() + (long)(_oneWay.TotalSeconds * TimeProvider.System.TimestampFrequency);
                chunks.Writer.TryWrite((due, buffer[..read]));
            }
        }
        finally
        {
            chunks.Writer.TryComplete();
        }

        await writer;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
