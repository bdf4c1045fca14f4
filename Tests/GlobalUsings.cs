// Test support and fixtures are shared across the folders that mirror the source tree.
global using OroOrleans.Tests.Grains.Clients;
global using OroOrleans.Tests.Grains.Families;
global using OroOrleans.Tests.Grains.Keys;
global using OroOrleans.Tests.Grains.Users;
global using OroOrleans.Tests.Infrastructure;
global using OroOrleans.Tests.Silo.Hosting;
global using OroOrleans.Tests.Silo.Storage;
global using OroOrleans.Tests.WebFront.Abuse;
global using OroOrleans.Tests.WebFront.Api;
global using OroOrleans.Tests.WebFront.Auth;
global using OroOrleans.Tests.WebFront.Hosting;
global using OroOrleans.Tests.WebFront.Revocation;
global using OroOrleans.Tests.WebFront.Token;
