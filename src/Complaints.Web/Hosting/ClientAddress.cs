using System.Net;
using System.Net.Sockets;

namespace Complaints.Web.Hosting;

// One client as request limits and sign-in counters see it: the address TransportSecurity leaves once a known proxy has
// spoken, an IPv4-mapped one as IPv4, an IPv6 one by its /64, which a subscriber usually holds whole and could walk through.
public static class ClientAddress
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6 || address.AddressFamily != AddressFamily.InterNetworkV6)
            return Shown(address)!;
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    // The whole address as a person reads it (a staff session's record): an IPv4-mapped one as IPv4.
    public static string? Shown(IPAddress? address) => (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString();
}
