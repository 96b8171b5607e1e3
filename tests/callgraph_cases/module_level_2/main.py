import plugins

print(plugins.names())
