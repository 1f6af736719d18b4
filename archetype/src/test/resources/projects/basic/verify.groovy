// After the generated project's `verify`: the server has one name. The jar the pom builds is
// NAME.jar; its --help shows that jar, its --print-eventsource prints the url and Secret that
// k8s/eventsource.yaml uses; the Deployment, Service, image, Secret and Dockerfile say NAME too.
// The archetype plugin passes the generated project as `projectDir` in the script's `context` map.

File dir = (File) (binding.hasVariable('projectDir') ? projectDir : context.get('projectDir'))
def text = { String path -> new File(dir, path).getText('UTF-8') }
def fail = { String what -> throw new AssertionError('one server name: ' + what) }
def one = { String source, String regex, String what ->
  def m = (source =~ regex)
  if (!m.find()) fail("no " + what)
  m.group(1)
}

def pom = text('pom.xml')
String name = one(pom, /<outputFile>\$\{project\.build\.directory\}\/([^<]+)\.jar<\/outputFile>/, 'jar outputFile in pom.xml')
if (one(pom, /<Eventsource-Server-Name>([^<]+)</, 'Eventsource-Server-Name in pom.xml') != name) {
  fail("pom.xml's Eventsource-Server-Name is not the jar's name " + name)
}
File jar = new File(dir, "target/" + name + ".jar")
if (!jar.isFile()) fail("no " + jar)

def run = { List<String> args ->
  def cmd = [System.getProperty('java.home') + '/bin/java', '-jar', jar.path] + args
  def p = new ProcessBuilder(cmd).redirectErrorStream(true).start()
  String out = p.inputStream.getText('UTF-8')
  if (p.waitFor() != 0) fail(cmd.join(' ') + " exited " + p.exitValue() + ":\n" + out)
  out
}

def expect = { String where, String source, String needle ->
  if (!source.contains(needle)) fail(where + " lacks '" + needle + "':\n" + source)
}

expect('--help', run(['--help']), "Usage: java -jar " + name + ".jar ")

def eventSource = text('k8s/eventsource.yaml')
String entry = one(eventSource, /(?m)^  generic:\s*\n    ([A-Za-z0-9_.-]+):/, 'generic entry in k8s/eventsource.yaml')
String printed = run(['--print-eventsource', entry])
String url = one(eventSource, /(?m)^\s+url: (\S+)$/, 'url in k8s/eventsource.yaml')
String secret = one(eventSource, /(?m)^\s+authSecret:\s*\n\s+name: (\S+)$/, 'authSecret in k8s/eventsource.yaml')
if (one(printed, /(?m)^\s+url: (\S+)$/, 'url printed') != url) fail("--print-eventsource's url is not " + url + ":\n" + printed)
if (one(printed, /(?m)^\s+authSecret:\s*\n\s+name: (\S+)$/, 'authSecret printed') != secret) {
  fail("--print-eventsource's Secret is not " + secret + ":\n" + printed)
}

if (url != name + ".argo-events.svc:8080") fail("k8s/eventsource.yaml's url " + url + " is not the Service " + name)
if (secret != name + "-token") fail("k8s/eventsource.yaml's Secret " + secret + " is not " + name + "-token")
expect('k8s/service.yaml', text('k8s/service.yaml'), "metadata:\n  name: " + name + "\n")
def deployment = text('k8s/deployment.yaml')
expect('k8s/deployment.yaml', deployment, "metadata:\n  name: " + name + "\n")
expect('k8s/deployment.yaml', deployment, "image: " + name + ":")
expect('k8s/deployment.yaml', deployment, "secretName: " + name + "-token\n")
expect('k8s/secret.yaml', text('k8s/secret.yaml'), "metadata:\n  name: " + name + "-token\n")
def dockerfile = text('Dockerfile')
expect('Dockerfile', dockerfile, "COPY target/" + name + ".jar ")
expect('Dockerfile', dockerfile, "docker build -t " + name + ":")
true
