using System.Collections.Concurrent;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;

namespace PostPurchase.Messaging.Email;

/// <summary>
/// Up to <see cref="SmtpSettings.PoolSize"/> MailKit SMTP connections, opened on demand and reused: each send rents
/// one connection for one message, so that many messages are in flight at once, and a connection carries many
/// messages one after another (MailKit pipelines MAIL FROM and RCPT TO when the server offers PIPELINING, and uses
/// BDAT when it offers CHUNKING). A connection that failed is closed and replaced on the next rent; one idle for a
/// while is checked with NOOP first, and a kept-open one the server dropped is replaced once within the same send.
/// </summary>
public sealed class SmtpConnectionPool : IAsyncDisposable
{
    private static readonly TimeSpan IdleCheckAfter = TimeSpan.FromSeconds(10);

    private readonly SmtpSettings _settings;
    private readonly CertificateTrust _trust;
    // The SMTP session runs on the wall clock, not the (possibly accelerated) journey clock.
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger<SmtpConnectionPool> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<Connection> _idle = new();
    private volatile bool _disposed;
    private int _opened;

    public SmtpConnectionPool(SmtpSettings settings, ILogger<SmtpConnectionPool> logger)
    {
        _settings = settings;
        _trust = new CertificateTrust(settings.TrustedCertificatePath);
        _logger = logger;
        _slots = new SemaphoreSlim(settings.PoolSize, settings.PoolSize);
    }

    /// <summary>Connections opened since start (reconnects included).</summary>
    public int ConnectionsOpened => Volatile.Read(ref _opened);

    /// <summary>
    /// Runs <paramref name="send"/> on a connected (and, when configured, authenticated) client that no other send
    /// is using; waits for a free one when all <see cref="SmtpSettings.PoolSize"/> are busy.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The pool has been disposed (shutdown).</exception>
    /// <remarks>Connection, TLS and authentication failures surface as MailKit's exceptions.</remarks>
    public async Task<T> UseAsync<T>(Func<SmtpClient, CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken);
        var connection = _idle.TryPop(out var idle) ? idle : new Connection(NewClient());
        try
        {
            var reused = connection.Client.IsConnected;
            await ReadyAsync(connection, cancellationToken);
            T result;
            try
            {
                result = await send(connection.Client, cancellationToken);
            }
            catch (Exception ex) when (reused && ex is (IOException or SmtpProtocolException or ServiceNotConnectedException) && !cancellationToken.IsCancellationRequested)
            {
                // The server closed a kept-open session (idle timeout, restart): one more try on a fresh connection,
                // which is what the engine's retry would do, only sooner.
                _logger.LogDebug("Pooled SMTP connection to {Host} was lost ({Error}); sending on a new connection", _settings.Host, ex.Message);
                connection.Client.Dispose();
                connection = new Connection(NewClient());
                await ReadyAsync(connection, cancellationToken);
                result = await send(connection.Client, cancellationToken);
            }

            connection.LastUsed = _time.GetTimestamp();
            return result;
        }
        finally
        {
            if (_disposed || !connection.Client.IsConnected) connection.Client.Dispose();
            else _idle.Push(connection);
            _slots.Release();
        }
    }

    private async Task ReadyAsync(Connection connection, CancellationToken cancellationToken)
    {
        var client = connection.Client;
        if (client.IsConnected && _time.GetElapsedTime(connection.LastUsed) > IdleCheckAfter)
        {
            try
            {
                await client.NoOpAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or ServiceNotConnectedException)
            {
                _logger.LogDebug("Idle SMTP connection to {Host} was closed ({Error}); reconnecting", _settings.Host, ex.Message);
                await client.DisconnectAsync(false, CancellationToken.None);
            }
        }

        if (client.IsConnected) return;
        var host = _settings.Host ?? throw new InvalidOperationException("Smtp__Host is not set");
        await client.ConnectAsync(await OpenSocketAsync(host, cancellationToken), host, _settings.Port, SecureSocket(_settings.Security), cancellationToken);
        Interlocked.Increment(ref _opened);
        if (_settings.Username is not null) await client.AuthenticateAsync(_settings.Username, _settings.Password ?? "", cancellationToken);
        _logger.LogDebug("SMTP connection to {Host}:{Port} opened ({Capabilities})", _settings.Host, _settings.Port, client.Capabilities);
    }

    /// <summary>
    /// Our own socket, for NoDelay: MailKit writes the end of DATA (<c>.</c>) separately from the message, and with
    /// Nagle's algorithm that small write waits for the server's (delayed) ACK of the message on every send.
    /// </summary>
    private async Task<Socket> OpenSocketAsync(string host, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_settings.Timeout);
            await socket.ConnectAsync(host, _settings.Port, timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private SmtpClient NewClient() => new PooledSmtpClient
    {
        Timeout = (int)_settings.Timeout.TotalMilliseconds,
        ServerCertificateValidationCallback = _trust.Validate,
    };

    private static SecureSocketOptions SecureSocket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    /// <summary>Says QUIT on every idle connection; connections in use are closed when their send returns.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection))
        {
            try
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                if (connection.Client.IsConnected) await connection.Client.DisconnectAsync(true, quit.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SmtpProtocolException or SmtpCommandException)
            {
                // Shutting down: the server drops the session on its own.
            }
            finally
            {
                connection.Client.Dispose();
            }
        }
    }

    private sealed class Connection(SmtpClient client)
    {
        public SmtpClient Client { get; } = client;
        public long LastUsed { get; set; }
    }

    /// <summary>MailKit's client, preferring BDAT (one round trip less per message) when the server offers CHUNKING.</summary>
    private sealed class PooledSmtpClient : SmtpClient
    {
        protected override bool PreferSendAsBinaryData => true;
    }
}
