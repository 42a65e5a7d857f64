/* Links one layer of the library alone (CMakeLists.txt, layer_check_*): the
 * whole archive of the layer and the layers below it. A function that calls
 * up a layer leaves an undefined reference and this program fails to link,
 * which is the point: it never runs for anything else. */
int main(void)
{
    return 0;
}
