using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PostPurchase.TestSupport.Smtp;

/// <summary>A message as the SMTP server received it: envelope and raw DATA (dot-unstuffed).</summary>
public sealed record ReceivedEmail(string MailFrom, IReadOnlyList<string> Recipients, string Raw)
{
    /// <summary>The MAIL FROM command carried the SMTPUTF8 parameter (RFC 6531).</summary>
    public bool SmtpUtf8 { get; init; }

    /// <summary>The session was encrypted (STARTTLS or implicit TLS) when the message arrived.</summary>
    public bool OverTls { get; init; }

    /// <summary>It came with BDAT (RFC 3030 CHUNKING) rather than DATA.</summary>
    public bool Chunked { get; init; }

    /// <summary>Which connection (1, 2, … in accept order) carried it.</summary>
    public int Connection { get; init; }

    /// <summary>When the server accepted the message (wall clock, just before it answers 250 to the end of DATA).</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    public MimeMessageReader Parse() => MimeMessageReader.Parse(Raw);
}

/// <summary>What the server offers; the defaults are a plain server with PIPELINING and 8BITMIME.</summary>
public sealed record LoopbackSmtpOptions
{
    /// <summary>Advertise SMTPUTF8 (RFC 6531).</summary>
    public bool OfferSmtpUtf8 { get; init; }

    public bool OfferPipelining { get; init; } = true;

    /// <summary>Advertise CHUNKING (RFC 3030) and accept BDAT.</summary>
    public bool OfferChunking { get; init; }

    /// <summary>With a certificate (and private key) the server offers STARTTLS, or speaks TLS from the first byte when <see cref="ImplicitTls"/>.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>TLS on connect, as on port 465 (RFC 8314); needs <see cref="Certificate"/>.</summary>
    public bool ImplicitTls { get; init; }

    /// <summary>
    /// When above 1, the end of DATA is answered only once this many messages are waiting for their answer at the same
    /// time (or after 10 s): proves that sends run concurrently rather than one after another.
    /// </summary>
    public int DataReplyBarrier { get; init; }
}

/// <summary>
/// A small SMTP server on 127.0.0.1 and a free port speaking EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, STARTTLS and
/// QUIT; it keeps what it receives and counts connections. Recipients listed in <see cref="RejectRecipients"/> get
/// 550 (or the reply set in <see cref="RecipientReplies"/>); <see cref="FailNextConnections"/> makes the next connections answer 421 (service unavailable) to test retries.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly ConcurrentQueue<ReceivedEmail> _received = new();
    private readonly SemaphoreSlim _arrivals = new(0);
    private readonly ConcurrentDictionary<int, TcpClient> _open = new();
    private readonly TaskCompletionSource _barrier = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failNext;
    private int _connections;
    private int _waitingForReply;
    private int _quits;

    public LoopbackSmtpServer(LoopbackSmtpOptions? options = null)
    {
        Options = options ?? new LoopbackSmtpOptions();
        if (Options.ImplicitTls && Options.Certificate is null) throw new ArgumentException("ImplicitTls needs a Certificate", nameof(options));
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public LoopbackSmtpOptions Options { get; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public string Host => "127.0.0.1";
    public IReadOnlyList<ReceivedEmail> Received => _received.ToList();
    public ConcurrentDictionary<string, bool> RejectRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A reply of our choosing to RCPT TO for these addresses, e.g. <c>554 5.7.1 Relay access denied</c>.</summary>
    public ConcurrentDictionary<string, string> RecipientReplies { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>TCP connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>QUIT commands received (clients that closed their session politely).</summary>
    public int Quits => Volatile.Read(ref _quits);

    /// <summary>Closes every open session without a reply, as a server timing out idle clients does.</summary>
    public void DropConnections()
    {
        foreach (var (number, client) in _open)
            if (_open.TryRemove(number, out _)) client.Dispose();
    }

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

            var number = Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client, number));
        }
    }

    private async Task ServeAsync(TcpClient client, int connection)
    {
        using var owned = client;
        _open[connection] = client;
        client.NoDelay = true;
        Stream stream = client.GetStream();
        try
        {
            if (Options.ImplicitTls) stream = await TlsAsync(stream);
            var session = new Session(stream, Options.ImplicitTls);
            if (Interlocked.Decrement(ref _failNext) >= 0)
            {
                await session.ReplyAsync("421 4.3.2 Service not available, try later");
                return;
            }

            Interlocked.Increment(ref _failNext); // undo: nothing was left to fail
            await session.ReplyAsync("220 localhost ESMTP loopback");
            string? from = null;
            var smtpUtf8 = false;
            var recipients = new List<string>();
            var chunks = new StringBuilder();
            while (await session.Reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        var extensions = new List<string> { "8BITMIME", "SIZE 10485760" };
                        if (Options.OfferPipelining) extensions.Add("PIPELINING");
                        if (Options.OfferSmtpUtf8) extensions.Add("SMTPUTF8");
                        if (Options.OfferChunking) extensions.Add("CHUNKING");
                        if (Options.Certificate is not null && !session.Tls) extensions.Add("STARTTLS");
                        await session.ReplyAsync("250-localhost greets you");
                        for (var i = 0; i < extensions.Count; i++) await session.ReplyAsync((i == extensions.Count - 1 ? "250 " : "250-") + extensions[i]);
                        break;
                    case "STARTTLS" when Options.Certificate is not null && !session.Tls:
                        await session.ReplyAsync("220 2.0.0 Ready to start TLS");
                        session = new Session(await TlsAsync(stream), tls: true); // RFC 3207: the client starts over with EHLO
                        from = null;
                        recipients.Clear();
                        break;
                    case "HELO":
                    case "NOOP":
                        await session.ReplyAsync("250 OK");
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        await session.ReplyAsync("250 OK");
                        break;
                    case "MAIL":
                        from = Address(line);
                        smtpUtf8 = line.Contains(" SMTPUTF8", StringComparison.OrdinalIgnoreCase);
                        recipients.Clear();
                        await session.ReplyAsync("250 OK");
                        break;
                    case "RCPT":
                        var to = Address(line);
                        if (RecipientReplies.TryGetValue(to, out var reply))
                        {
                            await session.ReplyAsync(reply);
                            break;
                        }

                        if (RejectRecipients.ContainsKey(to))
                        {
                            await session.ReplyAsync("550 5.1.1 No such user here");
                            break;
                        }

                        recipients.Add(to);
                        await session.ReplyAsync("250 OK");
                        break;
                    case "DATA":
                        if (from is null || recipients.Count == 0)
                        {
                            await session.ReplyAsync("503 5.5.1 Need MAIL and RCPT first");
                            break;
                        }

                        await session.ReplyAsync("354 End data with <CR><LF>.<CR><LF>");
                        var raw = new StringBuilder();
                        while (await session.Reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                            raw.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        await BarrierAsync();
                        _received.Enqueue(new ReceivedEmail(from, recipients.ToList(), raw.ToString()) { SmtpUtf8 = smtpUtf8, OverTls = session.Tls, Connection = connection, ReceivedAt = DateTimeOffset.UtcNow });
                        _arrivals.Release();
                        from = null;
                        recipients.Clear();
                        await session.ReplyAsync("250 OK queued");
                        break;
                    case "BDAT" when Options.OfferChunking:
                        var bdat = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        chunks.Append(await session.ReadOctetsAsync(long.Parse(bdat[1]), _stop.Token));
                        if (bdat.Length < 3 || !bdat[2].Equals("LAST", StringComparison.OrdinalIgnoreCase))
                        {
                            await session.ReplyAsync("250 2.0.0 Chunk received");
                            break;
                        }

                        if (from is null || recipients.Count == 0)
                        {
                            chunks.Clear();
                            await session.ReplyAsync("503 5.5.1 Need MAIL and RCPT first");
                            break;
                        }

                        await BarrierAsync();
                        _received.Enqueue(new ReceivedEmail(from, recipients.ToList(), chunks.ToString())
                        {
                            SmtpUtf8 = smtpUtf8, OverTls = session.Tls, Connection = connection, Chunked = true,
                        });
                        _arrivals.Release();
                        from = null;
                        recipients.Clear();
                        chunks.Clear();
                        await session.ReplyAsync("250 OK queued");
                        break;
                    case "QUIT":
                        Interlocked.Increment(ref _quits);
                        await session.ReplyAsync("221 Bye");
                        return;
                    default:
                        await session.ReplyAsync("502 5.5.2 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
        }
        finally
        {
            _open.TryRemove(connection, out _);
        }
    }

    private async Task BarrierAsync()
    {
        if (Options.DataReplyBarrier <= 1) return;
        if (Interlocked.Increment(ref _waitingForReply) >= Options.DataReplyBarrier) _barrier.TrySetResult();
        await Task.WhenAny(_barrier.Task, Task.Delay(TimeSpan.FromSeconds(10), _stop.Token));
    }

    private async Task<Stream> TlsAsync(Stream inner)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: true);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Options.Certificate }, _stop.Token);
        return tls;
    }

    /// <summary>Line reader and writer over the current stream (replaced after STARTTLS).</summary>
    private sealed class Session(Stream stream, bool tls)
    {
        private readonly StreamWriter _writer = new(stream, new UTF8Encoding(false), 4096, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };

        public StreamReader Reader { get; } = new(stream, Encoding.UTF8, false, 4096, leaveOpen: true);
        public bool Tls { get; } = tls;

        public Task ReplyAsync(string line) => _writer.WriteLineAsync(line);

        /// <summary>Exactly <paramref name="octets"/> bytes of UTF-8 (a BDAT chunk), through the line reader's buffer.</summary>
        public async Task<string> ReadOctetsAsync(long octets, CancellationToken cancellationToken)
        {
            var text = new StringBuilder();
            var one = new char[1];
            for (long read = 0; read < octets;)
            {
                if (await Reader.ReadAsync(one, cancellationToken) == 0) throw new IOException("the client closed the session inside BDAT");
                text.Append(one[0]);
                read += one[0] < 0x80 ? 1 : one[0] < 0x800 ? 2 : char.IsSurrogate(one[0]) ? 2 : 3; // a surrogate pair is 4 bytes
            }

            return text.ToString();
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
