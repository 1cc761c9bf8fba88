using System.Net;
using System.Net.Sockets;

namespace PostPurchase.Workflows.Activities.Http;

/// <summary>Settings of outgoing HTTP calls from workflows (<c>HttpRequests__*</c>).</summary>
public sealed class OutboundHttpOptions
{
    /// <summary>Allow private, loopback and link-local targets (off: a journey cannot reach internal services).</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Per-try timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Further tries after a connection failure, a 429 or a 5xx answer.</summary>
    public int MaxRetries { get; set; } = 2;
}

/// <summary>Thrown when a workflow tries to call an address the settings do not allow.</summary>
public sealed class OutboundAddressRefusedException(string message) : HttpRequestException(message);

/// <summary>
/// The HttpClient of Elsa.SendHttpRequest/FlowSendHttpRequest. The address check runs when the connection is made, on
/// the addresses DNS returned, so a name that resolves to an internal address (or is re-pointed to one) is refused too.
/// </summary>
public sealed class OutboundHttpClient : IDisposable
{
    public OutboundHttpClient(OutboundHttpOptions options)
    {
        Options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
                    ? [literal]
                    : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
                var allowed = addresses.Where(a => options.AllowPrivateAddresses || !IsInternal(a)).ToList();
                if (allowed.Count == 0)
                    throw new OutboundAddressRefusedException($"Calls to {context.DnsEndPoint.Host} are refused: it is a private, loopback or link-local address (HttpRequests__AllowPrivateAddresses).");
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        Client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    public OutboundHttpOptions Options { get; }
    public HttpClient Client { get; }

    /// <summary>Loopback, RFC 1918, carrier-grade NAT, link-local, unique-local, unspecified and multicast addresses.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (address.GetAddressBytes()[0] & 0xFE) == 0xFC;
        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 0 || b[0] == 127 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] is >= 64 and <= 127) || b[0] >= 224;
    }

    public void Dispose() => Client.Dispose();
}
