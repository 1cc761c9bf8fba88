using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PostPurchase.TestSupport.Smtp;

/// <summary>A message as the SMTP server received it: envelope and raw DATA (dot-unstuffed).</summary>
public sealed record ReceivedEmail(string MailFrom, IReadOnlyList<string> Recipients, string Raw)
{
    public MimeMessageReader Parse() => MimeMessageReader.Parse(Raw);
}

/// <summary>
/// A small SMTP server on 127.0.0.1 and a free port speaking EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP and QUIT; it
/// keeps what it receives. Recipients listed in <see cref="RejectRecipients"/> get 550; <see cref="FailNextConnections"/>
/// makes the next connections answer 421 (service unavailable) to test retries.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly ConcurrentQueue<ReceivedEmail> _received = new();
    private readonly SemaphoreSlim _arrivals = new(0);
    private int _failNext;

    public LoopbackSmtpServer()
    {
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public string Host => "127.0.0.1";
    public IReadOnlyList<ReceivedEmail> Received => _received.ToList();
    public ConcurrentDictionary<string, bool> RejectRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int FailNextConnections
    {
        get => Volatile.Read(ref _failNext);
        set => Volatile.Write(ref _failNext, value);
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> messages have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (_received.Count < count) await _arrivals.WaitAsync(cts.Token);
        return Received;
    }

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

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8, false, 4096, leaveOpen: true);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 4096, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
        try
        {
            if (Interlocked.Decrement(ref _failNext) >= 0)
            {
                await writer.WriteLineAsync("421 4.3.2 Service not available, try later");
                return;
            }

            Interlocked.Increment(ref _failNext); // undo: nothing was left to fail
            await writer.WriteLineAsync("220 localhost ESMTP loopback");
            string? from = null;
            var recipients = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost greets you");
                        await writer.WriteLineAsync("250-8BITMIME");
                        await writer.WriteLineAsync("250 SIZE 10485760");
                        break;
                    case "HELO":
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "MAIL":
                        from = Address(line);
                        recipients.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        var to = Address(line);
                        if (RejectRecipients.ContainsKey(to))
                        {
                            await writer.WriteLineAsync("550 5.1.1 No such user here");
                            break;
                        }

                        recipients.Add(to);
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        if (from is null || recipients.Count == 0)
                        {
                            await writer.WriteLineAsync("503 5.5.1 Need MAIL and RCPT first");
                            break;
                        }

                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var raw = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                            raw.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        _received.Enqueue(new ReceivedEmail(from, recipients.ToList(), raw.ToString()));
                        _arrivals.Release();
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<');
        var end = line.IndexOf('>', start + 1);
        return start >= 0 && end > start ? line[(start + 1)..end] : line.Split(':', 2).Last().Trim();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
